/**
 * `npm run bench [-- --quick] [options]` (bench/README.md): starts Vigil, its own FerretDB and a
 * bare oidc-provider baseline on loopback, runs every scenario (bench/scenarios/registry.ts),
 * prints one table of figures against their goals and writes bench/results/latest.json and
 * latest.svg. Everything it starts is stopped at the end, also on error or Ctrl-C.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { renderReport, type RunInfo } from './report/table.ts';
import { writeResults } from './report/write-results.ts';
import type { Measurement } from './scenarios/measurement.ts';
import { SCENARIOS } from './scenarios/registry.ts';
import { cleanup, installSignalHandlers } from './support/cleanup.ts';
import { startEnvironment } from './support/environment.ts';
import { countOidcRecords, resetOidcState } from './support/oidc-state.ts';
import { parseOptions } from './support/options.ts';
import { rssBytes } from './support/proc-stats.ts';

const RESULTS_DIR = join(import.meta.dirname, 'results');

const began = performance.now();

function progress(message: string): void {
  process.stderr.write(`bench [${((performance.now() - began) / 1000).toFixed(1)} s]: ${message}\n`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  installSignalHandlers();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg()[0] ?? 0;
  const context = await startEnvironment(options, RESULTS_DIR, progress);
  const lines: Measurement[] = [];
  const rssAfter: Record<string, number> = {};
  const recordsAfter: Record<string, Record<string, number>> = {};
  for (const scenario of SCENARIOS) {
    if (options.only && !options.only.includes(scenario.id)) {
      lines.push({ id: scenario.id, scenario: scenario.title, label: '(not selected with --only)', status: 'skipped' });
      continue;
    }
    progress(`scenario ${scenario.id}: ${scenario.title}`);
    await resetOidcState(context.database.uriFor('vigil'));
    await resetOidcState(context.database.uriFor('bare'));
    for (const line of await scenario.run(context)) {
      lines.push(line);
      context.results.set(line.id, line);
    }
    rssAfter[scenario.id] = Math.round(rssBytes(context.vigil.pid) / (1024 * 1024));
    recordsAfter[scenario.id] = await countOidcRecords(context.database.uriFor('vigil'));
  }
  await context.vigil.stop();
  const info: RunInfo = {
    mode: options.quick ? 'quick' : 'full',
    startedAt,
    vcpus: context.vcpus,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.versions.node,
    totalSeconds: (performance.now() - started) / 1000,
    loadBefore,
  };
  process.stdout.write(`\n${renderReport(lines, info)}\n`);
  process.stdout.write(`Vigil RSS (MB) after each scenario: ${Object.entries(rssAfter).map(([id, mb]) => `${id} ${mb}`).join(', ')}\n`);
  const written = writeResults(RESULTS_DIR, lines, { ...info, budget: options.budget, only: options.only ?? null, vigilRssMbAfterScenario: rssAfter, vigilOidcRecordsAfterScenario: recordsAfter });
  process.stdout.write(`\nWrote ${written.json} and ${written.svg}\n`);
}

try {
  await main();
  await cleanup();
} catch (error) {
  process.stderr.write(`bench: failed: ${(error as Error).stack ?? String(error)}\n`);
  process.stderr.write(`bench: the servers' logs are in ${join(RESULTS_DIR, 'run')}/\n`);
  await cleanup();
  process.exitCode = 1;
}
