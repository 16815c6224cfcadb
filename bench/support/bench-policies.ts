/**
 * Switching the running Vigil's policies the way an admin does: `policy apply --file`, then
 * waiting for the instance to pick the new version up (it polls every BENCH_POLICY_POLL_MS).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runAdminCli, type AdminTarget } from './admin-cli.ts';
import { BENCH_POLICY_POLL_MS } from './vigil-process.ts';

export async function applyPolicies(target: AdminTarget, yaml: string): Promise<void> {
  const file = join(target.configDir, 'bench-policies.yaml');
  writeFileSync(file, yaml);
  // The bench switches protections off again after a scenario: a deliberate weakening.
  await runAdminCli(target, ['policy', 'apply', '--allow-weaker', '--file', file]);
  await sleep(BENCH_POLICY_POLL_MS * 2);
}
