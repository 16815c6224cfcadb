/**
 * argon2id hashes per second this machine does with Vigil's parameters (PASSWORD_HASH_PARAMS),
 * in this run: the ceiling for password sign-ins. Measured in the driver process while Vigil is
 * idle, with enough concurrent verifications to keep every core busy (libuv's thread pool runs
 * them, as it does in Vigil).
 */
import { hashPassword, PASSWORD_HASH_PARAMS, verifyPassword } from '../../src/auth/password-hash.ts';
import { runClosedLoop } from '../load/closed-loop.ts';
import { startCpuMeter } from '../support/cpu-meter.ts';
import type { Measurement } from './measurement.ts';
import { cpuPerOp, type BenchContext, type Scenario } from './scenario.ts';

export const ARGON2_RATE_ID = 'argon2.hashesPerSecond';

export const argon2Hashes: Scenario = {
  id: 'argon2',
  title: 'argon2id hashing (same parameters)',
  async run(context: BenchContext): Promise<Measurement[]> {
    const password = 'correct horse battery staple';
    const hash = await hashPassword(password);
    const concurrency = Math.max(4, context.vcpus * 2);
    await runClosedLoop({ concurrency, durationMs: 1000, maxCount: 20, task: () => verifyOnce(hash, password) });
    const meter = startCpuMeter(context.meteredPids());
    const result = await runClosedLoop({
      concurrency,
      durationMs: context.options.budget.argon2Seconds * 1000,
      maxCount: 100_000,
      task: () => verifyOnce(hash, password),
    });
    const cpu = meter.stop();
    const { memoryCost, timeCost, parallelism } = PASSWORD_HASH_PARAMS;
    return [{
      id: ARGON2_RATE_ID,
      scenario: 'Password sign-in',
      label: `argon2id hashes (m=${memoryCost} KiB, t=${timeCost}, p=${parallelism})`,
      status: 'measured',
      value: result.perSecond,
      unit: '/s',
      perVcpu: result.perSecond / context.vcpus,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      note: `${result.completed} verifications, ${concurrency} at a time, in the driver process`,
      cpuMsPerOp: cpuPerOp(cpu, result.completed),
    }];
  },
};

async function verifyOnce(hash: string, password: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const ok = await verifyPassword(hash, password);
  return { ok, ms: performance.now() - started };
}
