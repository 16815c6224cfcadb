/**
 * Complete password sign-ins per second against Vigil (authorize → login page → password →
 * code → token), driven by the flow driver at a fixed concurrency, each as a different user
 * address. Next to the argon2id rate of the same run, the ratio says how much of a sign-in is
 * anything but hashing. The `runSignIns` helper is what the TOTP and risk scenarios will reuse
 * with their own page steps and policies.
 */
import { runClosedLoop, type LoadResult } from '../load/closed-loop.ts';
import { PASSWORD_ONLY, type PageStep } from '../flow/page-steps.ts';
import { signIn, type TokenSet } from '../flow/sign-in.ts';
import { atMost, GOALS, KEYCLOAK } from '../report/goals.ts';
import { startCpuMeter, type CpuShare } from '../support/cpu-meter.ts';
import { ARGON2_RATE_ID } from './argon2-hashes.ts';
import type { Measurement } from './measurement.ts';
import { cpuPerOp, dbCommandsPerOp, type BenchContext, type Scenario } from './scenario.ts';

export interface SignInRun {
  load: LoadResult;
  cpu: CpuShare;
  tokens: TokenSet[];
}

export async function runSignIns(context: BenchContext, options: { issuer: string; steps: PageStep[]; durationMs: number; maxCount: number; concurrency: number; keepTokens?: number }): Promise<SignInRun> {
  const tokens: TokenSet[] = [];
  const meter = startCpuMeter(context.meteredPids());
  const load = await runClosedLoop({
    concurrency: options.concurrency,
    durationMs: options.durationMs,
    maxCount: options.maxCount,
    onProgress: (done) => context.progress(`${done} sign-ins`),
    task: async () => {
      const result = await signIn(options.issuer, { person: context.nextPerson(), steps: options.steps });
      if (result.ok) {
        if (tokens.length < (options.keepTokens ?? 0)) tokens.push(result.tokens);
        return { ok: true, ms: result.ms };
      }
      return { ok: false, ms: result.ms, reason: result.reason };
    },
  });
  return { load, cpu: meter.stop(), tokens };
}

export const passwordSignIn: Scenario = {
  id: 'password-sign-in',
  title: 'Password sign-in',
  async run(context) {
    const { budget } = context.options;
    const run = await runSignIns(context, {
      issuer: context.vigil.issuer,
      steps: PASSWORD_ONLY,
      durationMs: budget.signInSeconds * 1000,
      maxCount: 100_000,
      concurrency: budget.signInConcurrency,
    });
    const rate = run.load.perSecond;
    const lines: Measurement[] = [{
      id: 'passwordSignIn.perSecond',
      scenario: 'Password sign-in',
      label: `full sign-ins (authorize → login → code → token), ${budget.signInConcurrency} at a time`,
      status: 'measured',
      value: rate,
      unit: '/s',
      perVcpu: rate / context.vcpus,
      p50Ms: run.load.p50Ms,
      p99Ms: run.load.p99Ms,
      note: `${run.load.completed} sign-ins, ${run.load.failed} failed${run.load.failed ? ` ${JSON.stringify(run.load.failures)}` : ''}; Keycloak anchor ${KEYCLOAK.passwordSignInsPerVcpu}/s per vCPU`,
      cpuMsPerOp: cpuPerOp(run.cpu, run.load.completed),
      dbCommandsPerOp: dbCommandsPerOp(run.cpu, 'vigil', run.load.completed),
    }];
    const hashes = context.results.get(ARGON2_RATE_ID)?.value;
    if (hashes !== undefined) {
      const share = Math.max(0, 1 - rate / hashes);
      lines.push({
        id: 'passwordSignIn.nonHashingShare',
        scenario: 'Password sign-in',
        label: 'share of a sign-in that is not hashing (1 − sign-ins/s ÷ hashes/s)',
        status: 'measured',
        value: share * 100,
        unit: '%',
        goal: atMost(share, GOALS.maxNonHashingShare, `≤ ${GOALS.maxNonHashingShare * 100}%`),
      });
    }
    return lines;
  },
};
