/**
 * Complete sign-ins driven at a fixed concurrency (each as the next person in turn, from their
 * own address and browser), and the report line they make. The password, TOTP and risk
 * scenarios differ only in their page steps, authorization parameters and policies.
 */
import { runClosedLoop, type LoadResult } from '../load/closed-loop.ts';
import type { PageStep } from '../flow/page-steps.ts';
import { signIn, type TokenSet } from '../flow/sign-in.ts';
import { startCpuMeter, type CpuShare } from '../support/cpu-meter.ts';
import type { Measurement } from './measurement.ts';
import { cpuPerOp, dbCommandsPerOp, type BenchContext } from './scenario.ts';

export interface SignInRun {
  load: LoadResult;
  cpu: CpuShare;
  tokens: TokenSet[];
  /** How many times each page step was used (e.g. `totp`: sign-ins that did MFA). */
  steps: Record<string, number>;
}

export interface SignInRunOptions {
  steps: PageStep[];
  /** Defaults: Vigil, the budget's sign-in seconds and concurrency, no count limit. */
  issuer?: string;
  durationMs?: number;
  maxCount?: number;
  concurrency?: number;
  keepTokens?: number;
  authorizationParams?: Record<string, string>;
}

export async function runSignIns(context: BenchContext, options: SignInRunOptions): Promise<SignInRun> {
  const { budget } = context.options;
  const issuer = options.issuer ?? context.vigil.issuer;
  const tokens: TokenSet[] = [];
  const steps: Record<string, number> = {};
  const meter = startCpuMeter(context.meteredPids());
  const load = await runClosedLoop({
    concurrency: options.concurrency ?? budget.signInConcurrency,
    durationMs: options.durationMs ?? budget.signInSeconds * 1000,
    maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
    onProgress: (done) => context.progress(`${done} sign-ins`),
    task: async () => {
      const result = await signIn(issuer, {
        person: context.nextPerson(),
        steps: options.steps,
        authorizationParams: options.authorizationParams,
        onStep: (name) => { steps[name] = (steps[name] ?? 0) + 1; },
      });
      if (result.ok) {
        if (tokens.length < (options.keepTokens ?? 0)) tokens.push(result.tokens);
        return { ok: true, ms: result.ms };
      }
      return { ok: false, ms: result.ms, reason: result.reason };
    },
  });
  return { load, cpu: meter.stop(), tokens, steps };
}

/** The sign-ins/s line of a run, with latency, CPU and (with --db-trace) database commands per sign-in. */
export function signInLine(context: BenchContext, run: SignInRun, line: { id: string; scenario: string; label: string; note?: string }): Measurement {
  const { load } = run;
  const failures = load.failed ? ` ${JSON.stringify(load.failures)}` : '';
  return {
    id: line.id,
    scenario: line.scenario,
    label: line.label,
    status: 'measured',
    value: load.perSecond,
    unit: '/s',
    perVcpu: load.perSecond / context.vcpus,
    p50Ms: load.p50Ms,
    p99Ms: load.p99Ms,
    note: `${load.completed} sign-ins, ${load.failed} failed${failures}${line.note ? `; ${line.note}` : ''}`,
    cpuMsPerOp: cpuPerOp(run.cpu, load.completed),
    dbCommandsPerOp: dbCommandsPerOp(run.cpu, 'vigil', load.completed),
  };
}
