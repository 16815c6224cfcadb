/**
 * One page requested `samples` times in a row (one at a time: an admin clicking, not a load
 * test), after one unmeasured warm-up: p50, p99 and the CPU Vigil and FerretDB spent per request.
 * A page slower than `budgetMs` in all gets fewer samples (at least 3), so a run on a large
 * history still ends; `samples` says how many were taken.
 */
import { cpuSeconds } from '../support/proc-stats.ts';
import { percentile } from '../load/percentile.ts';

export interface PageTiming {
  label: string;
  path: string;
  status: number;
  bytes: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  vigilCpuMs: number;
  databaseCpuMs: number;
}

export async function timeRequests(label: string, url: string, options: { headers: Record<string, string>; samples: number; budgetMs: number; pids: { vigil: number; database: number } }): Promise<PageTiming> {
  const get = async (): Promise<{ status: number; bytes: number }> => {
    const response = await fetch(url, { headers: options.headers, redirect: 'manual' });
    const body = await response.arrayBuffer();
    return { status: response.status, bytes: body.byteLength };
  };
  const first = await get();
  if (first.status !== 200) throw new Error(`${label}: ${url} answered ${first.status}`);
  const cpuBefore = { vigil: cpuSeconds(options.pids.vigil), database: cpuSeconds(options.pids.database) };
  const times: number[] = [];
  const began = performance.now();
  while (times.length < options.samples && (times.length < 3 || performance.now() - began < options.budgetMs)) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const perRequest = (seconds: number): number => (seconds * 1000) / times.length;
  return {
    label, path: new URL(url).pathname + new URL(url).search, status: first.status, bytes: first.bytes, samples: times.length,
    p50Ms: percentile(times, 50), p99Ms: percentile(times, 99),
    vigilCpuMs: perRequest(cpuSeconds(options.pids.vigil) - cpuBefore.vigil),
    databaseCpuMs: perRequest(cpuSeconds(options.pids.database) - cpuBefore.database),
  };
}
