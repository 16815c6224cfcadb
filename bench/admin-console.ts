/**
 * The admin console's list pages and overview on a large history, and /metrics' cost per scrape:
 *
 *   node bench/admin-console.ts [--events=1000000] [--samples=20] [--budget-seconds=60]
 *
 * Starts its own FerretDB and Vigil (as `npm run bench` does), seeds `--events` sign-in events
 * and their stream entries with bulk inserts (10^6 takes minutes), signs an admin in by writing a console session, then
 * times each page `--samples` times one request at a time, fewer (at least 3) once a page has
 * taken `--budget-seconds` (p50/p99, and Vigil's and FerretDB's CPU per request) and prints a table; `bench/results/admin-console.json` keeps the figures.
 * See bench/README.md, "Admin console".
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCursor } from '../src/admin-console/lists/cursor.ts';
import { freePort } from '../src/db/free-port.ts';
import { benchAdminCookie } from './admin-console/admin-session.ts';
import { seedConsoleHistory } from './admin-console/console-history.ts';
import { timeRequests, type PageTiming } from './admin-console/timed-requests.ts';
import { startBenchDatabase } from './support/bench-database.ts';
import { cleanup, installSignalHandlers, onCleanup, removeDirOnCleanup } from './support/cleanup.ts';
import { writeConfigDir } from './support/config-dir.ts';
import { databaseAt } from './support/database-connections.ts';
import { startVigil } from './support/vigil-process.ts';

function flag(name: string, fallback: number): number {
  const raw = process.argv.slice(2).find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, not ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const events = flag('events', 1_000_000);
  const samples = flag('samples', 20);
  const budgetMs = flag('budget-seconds', 60) * 1000;
  installSignalHandlers();
  const database = await startBenchDatabase();
  const databaseUri = database.uriFor('vigil');
  const configDir = writeConfigDir();
  const workDir = mkdtempSync(join(tmpdir(), 'vigil-bench-console-'));
  removeDirOnCleanup(workDir);
  const metricsPort = await freePort();
  process.env.METRICS_PORT = String(metricsPort);
  const vigil = await startVigil({ databaseUri, configDir, workDir });
  onCleanup('stop Vigil', () => vigil.stop());
  const cookie = await benchAdminCookie({ databaseUri, configDir });

  const db = await databaseAt(databaseUri);
  const seedStart = performance.now();
  process.stdout.write(`seeding ${events.toLocaleString('en')} sign-in events…\n`);
  const middle = await seedConsoleHistory(databaseUri, db.collection('sign_in_events'), events, new Date(), (done) => {
    process.stdout.write(`  ${done.toLocaleString('en')} (${((performance.now() - seedStart) / 1000).toFixed(0)} s)\n`);
  });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  // Deep pages start in the middle of their stream: every event's, and the high-risk ones' (1 in 50).
  const deep = encodeCursor({ at: middle.seq, id: 'all' });
  const deepHigh = encodeCursor({ at: Math.max(1, Math.floor(events / 100)), id: 'level' });

  const pids = { vigil: vigil.pid, database: database.pid };
  const pages: Array<[string, string]> = [
    ['sign-ins, first page', '/admin/sign-ins'],
    ['sign-ins, deep page (middle of the history)', `/admin/sign-ins?after=${deep}`],
    ['sign-ins, level=high, first page', '/admin/sign-ins?level=high'],
    ['sign-ins, level=high, deep page', `/admin/sign-ins?level=high&after=${deepHigh}`],
    ['sign-ins, one user', '/admin/sign-ins?user=person42'],
    ['sign-ins, country+app+type, first page', '/admin/sign-ins?country=DE&app=bench-web&type=passwordSpray'],
    ['sign-ins, state=remediated (none: one scan budget)', '/admin/sign-ins?state=remediated'],
    ['sign-ins, last week', `/admin/sign-ins?to=${new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)}`],
    ['one sign-in (by _id)', `/admin/sign-ins/${middle._id}`],
    ['detections, first page', '/admin/detections'],
    ['risky users, first page', '/admin/users'],
    ['overview, 24 hours', '/admin'],
    ['overview, 30 days', '/admin?range=30d'],
  ];
  const timings: PageTiming[] = [];
  for (const [label, path] of pages) {
    const timing = await timeRequests(label, `${vigil.issuer}${path}`, { headers: { cookie }, samples, budgetMs, pids });
    timings.push(timing);
    process.stdout.write(`  ${label}: p50 ${timing.p50Ms.toFixed(1)} ms\n`);
  }
  const scrape = await timeRequests('/metrics scrape', `http://127.0.0.1:${metricsPort}/metrics`, { headers: {}, samples: Math.max(samples, 50), budgetMs, pids });
  timings.push(scrape);

  const rows = timings.map((t) => `| ${t.label} | ${t.samples} | ${t.p50Ms.toFixed(1)} | ${t.p99Ms.toFixed(1)} | ${t.vigilCpuMs.toFixed(1)} | ${t.databaseCpuMs.toFixed(1)} | ${t.bytes.toLocaleString('en')} |`);
  process.stdout.write([
    '',
    `admin console on FerretDB, ${events.toLocaleString('en')} sign-in events (seeded in ${seedSeconds.toFixed(0)} s), requests one at a time`,
    '',
    '| page | requests | p50 ms | p99 ms | Vigil CPU ms/req | FerretDB CPU ms/req | bytes |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n'));
  const results = join(import.meta.dirname, 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'admin-console.json'), `${JSON.stringify({ events, samples, budgetMs, seedSeconds, timings, at: new Date().toISOString() }, null, 2)}\n`);
}

main().then(cleanup, async (error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  await cleanup();
  process.exitCode = 1;
});
