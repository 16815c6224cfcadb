/**
 * `node bench/support/hash-rate-process.ts SECONDS CONCURRENCY`: argon2id verifications with
 * Vigil's parameters in a process of its own, so they run under the runtime settings given in
 * its environment (the Docker image's allocator and V8 settings, as Vigil runs) rather than the
 * driver's. Warms up, measures, and prints one JSON line: the rate, latency and its own CPU.
 */
import { hashPassword, verifyPassword } from '../../src/password/password-hash.ts';
import { runClosedLoop } from '../load/closed-loop.ts';

export interface HashRate {
  completed: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerHash: number;
}

async function verifyOnce(hash: string, password: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const ok = await verifyPassword(hash, password);
  return { ok, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2]);
  const concurrency = Number(process.argv[3]);
  if (!(seconds > 0) || !(concurrency > 0)) throw new Error('usage: hash-rate-process.ts SECONDS CONCURRENCY');
  const password = 'correct horse battery staple';
  const hash = await hashPassword(password);
  await runClosedLoop({ concurrency, durationMs: 1000, maxCount: 20, task: () => verifyOnce(hash, password) });
  const cpuBefore = process.cpuUsage();
  const result = await runClosedLoop({ concurrency, durationMs: seconds * 1000, maxCount: 100_000, task: () => verifyOnce(hash, password) });
  const cpu = process.cpuUsage(cpuBefore);
  const rate: HashRate = {
    completed: result.completed,
    perSecond: result.perSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    cpuMsPerHash: (cpu.user + cpu.system) / 1000 / Math.max(1, result.completed),
  };
  process.stdout.write(`${JSON.stringify(rate)}\n`);
}

if (import.meta.main) await main();
