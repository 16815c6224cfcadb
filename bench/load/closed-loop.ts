/**
 * The flow driver's load shape: `concurrency` workers, each starting its next task as soon as the
 * previous one ends, until the time is up or `maxCount` tasks have started — whichever comes
 * first. It also gives up early when most tasks fail, so a broken flow never runs for minutes.
 */
import { percentile } from './percentile.ts';

export interface TaskOutcome {
  ok: boolean;
  ms: number;
  reason?: string;
}

export interface LoadResult {
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: Record<string, number>;
}

export interface ClosedLoopOptions {
  concurrency: number;
  durationMs: number;
  maxCount: number;
  task: (index: number) => Promise<TaskOutcome>;
  /** Called now and then with the number of completed tasks (progress display). */
  onProgress?: (completed: number) => void;
}

export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  let failed = 0;
  let lastProgress = started;
  let abort: string | undefined;

  const worker = async (): Promise<void> => {
    while (abort === undefined && next < options.maxCount && performance.now() < deadline) {
      const index = next;
      next += 1;
      let outcome: TaskOutcome;
      try {
        outcome = await options.task(index);
      } catch (error) {
        outcome = { ok: false, ms: 0, reason: (error as Error).message };
      }
      if (outcome.ok) latencies.push(outcome.ms);
      else {
        failed += 1;
        const reason = outcome.reason ?? 'failed';
        failures[reason] = (failures[reason] ?? 0) + 1;
        if (failed >= 20 && failed > latencies.length) abort = `most tasks fail: ${JSON.stringify(failures)}`;
      }
      if (options.onProgress && performance.now() - lastProgress > 5000) {
        lastProgress = performance.now();
        options.onProgress(latencies.length);
      }
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  if (abort !== undefined) throw new Error(abort);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
  };
}
