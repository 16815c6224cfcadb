/**
 * autocannon, promised and reduced to the figures the report needs. Only 2xx responses count as
 * done work: errors and non-2xx answers are reported separately and fail the measurement when
 * they are more than a trace.
 */
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';
import type { LoadResult } from './closed-loop.ts';

export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export function toLoadResult(result: AutocannonResult, label: string): LoadResult {
  const ok = result['2xx'];
  const failed = result.non2xx + result.errors + result.timeouts;
  if (ok === 0 || failed > ok * 0.01) {
    throw new Error(`${label}: ${ok} ok, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return {
    completed: ok,
    failed,
    seconds: result.duration,
    perSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: failed ? { 'non-2xx': result.non2xx, errors: result.errors, timeouts: result.timeouts } : {},
  };
}
