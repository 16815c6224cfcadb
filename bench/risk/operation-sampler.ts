/**
 * Runs one engine operation over and over, one at a time (so each call's commands are its own),
 * after a few unmeasured calls: its time per call (p50/p99), the database commands each call sent
 * (max, mean, by command) and the CPU it cost by process (only without a prepare step, whose CPU
 * would be counted with it). Bounded by a count and by time — at least `minCount` calls, so a slow
 * case still has a distribution.
 */
import { percentile } from '../load/percentile.ts';
import { startCpuMeter, type CpuShare } from '../support/cpu-meter.ts';
import type { CommandCounter } from './command-counter.ts';

export interface SampleLimits {
  warmUp: number;
  minCount: number;
  maxCount: number;
  maxMs: number;
}

export interface OperationSample {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  maxCommands: number;
  meanCommands: number;
  /** Mean commands per call, by "command collection". */
  commandsPerCall: Record<string, number>;
  /** What the calls answered (e.g. the sign-in risk), by answer. */
  answers: Record<string, number>;
  cpu: CpuShare | undefined;
}

export async function sampleOperation(options: {
  limits: SampleLimits;
  counter: CommandCounter;
  pids: Record<string, number>;
  /** Runs before each call, outside its time and command count (e.g. the assessment record() stores). */
  prepare?: () => Promise<void>;
  /** One call; returns a short description of its answer. */
  call: () => Promise<string>;
}): Promise<OperationSample> {
  const { limits, counter } = options;
  for (let i = 0; i < limits.warmUp; i += 1) {
    await options.prepare?.();
    await options.call();
  }
  const times: number[] = [];
  const totals: Record<string, number> = {};
  const answers: Record<string, number> = {};
  let maxCommands = 0;
  let commandCount = 0;
  const meter = startCpuMeter(options.pids);
  const started = performance.now();
  while (times.length < limits.maxCount && (times.length < limits.minCount || performance.now() - started < limits.maxMs)) {
    await options.prepare?.();
    counter.open();
    const before = performance.now();
    const answer = await options.call();
    times.push(performance.now() - before);
    const commands = counter.close();
    const sent = Object.values(commands).reduce((sum, count) => sum + count, 0);
    maxCommands = Math.max(maxCommands, sent);
    commandCount += sent;
    for (const [command, count] of Object.entries(commands)) totals[command] = (totals[command] ?? 0) + count;
    answers[answer] = (answers[answer] ?? 0) + 1;
  }
  const cpu = meter.stop();
  times.sort((a, b) => a - b);
  const count = times.length;
  return {
    count,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times[count - 1] ?? Number.NaN,
    maxCommands,
    meanCommands: commandCount / count,
    commandsPerCall: Object.fromEntries(Object.entries(totals).map(([command, total]) => [command, total / count])),
    answers,
    cpu: options.prepare ? undefined : cpu,
  };
}
