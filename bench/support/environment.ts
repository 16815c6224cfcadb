/**
 * Starts what the run needs on loopback, in order: the database; Vigil once on the empty
 * database (cold start, then stopped); the bench users; Vigil again (the restart that is
 * measured); the bare baseline. Everything is registered for cleanup.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { rotation } from '../flow/person.ts';
import type { BenchContext } from '../scenarios/scenario.ts';
import { startBaseline } from './baseline-process.ts';
import { startBenchDatabase } from './bench-database.ts';
import { registerTotpApps } from './bench-totp.ts';
import { createBenchPeople } from './bench-users.ts';
import { writeConfigDir } from './config-dir.ts';
import { startDbTrace } from './db-trace.ts';
import type { BenchOptions } from './options.ts';
import { rssBytes } from './proc-stats.ts';
import { startVigil } from './vigil-process.ts';

/**
 * People the driver plays, each with their own address, device and authenticator app. Enough
 * that nobody is in two flows at once and that nobody signs in twice within one 30-second TOTP
 * step (a code works once) at the rates measured here; each still signs in often enough to have
 * a history the risk engine recognises (their usual address and device).
 */
const PEOPLE = 1000;

export async function startEnvironment(options: BenchOptions, resultsDir: string, progress: (message: string) => void): Promise<BenchContext> {
  const workDir = join(resultsDir, 'run');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });

  progress('starting FerretDB');
  const database = await startBenchDatabase();
  const configDir = writeConfigDir();
  const vigilOptions = { databaseUri: database.uriFor('vigil'), configDir, workDir, runtimeDefaults: options.runtimeDefaults };
  // With --db-trace the measured processes reach the database through counting proxies.
  const tracedUri = async (label: string, name: string): Promise<string> =>
    options.dbTrace ? `mongodb://127.0.0.1:${(await startDbTrace(label, database.port)).port}/${name}` : database.uriFor(name);

  progress('starting Vigil on the empty database');
  const cold = await startVigil(vigilOptions);
  await cold.stop();

  progress(`creating ${PEOPLE} bench users (the first with the admin CLI) and their authenticator apps`);
  const { people, passwordHash } = await createBenchPeople({ databaseUri: vigilOptions.databaseUri, configDir, count: PEOPLE });
  await registerTotpApps(vigilOptions.databaseUri, people);

  progress('restarting Vigil');
  const profileFlags = (side: string): string[] => {
    if (!options.profile) return [];
    const dir = join(resultsDir, 'profiles', side);
    mkdirSync(dir, { recursive: true });
    return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  };
  const measuredVigil = { ...vigilOptions, databaseUri: await tracedUri('vigil', 'vigil'), nodeFlags: [...options.vigilNodeFlags, ...profileFlags('vigil')] };
  const vigil = await startVigil(measuredVigil);
  const idleRssMb = rssBytes(vigil.pid) / (1024 * 1024);

  progress('starting the bare oidc-provider baseline');
  const baseline = await startBaseline({ databaseUri: await tracedUri('baseline', 'bare'), workDir, passwordHash, nodeFlags: profileFlags('baseline'), adapter: options.baselineAdapter, runtimeDefaults: options.runtimeDefaults });

  const context: BenchContext = {
    options,
    vcpus: cpus().length,
    database,
    vigil,
    baseline,
    admin: { databaseUri: vigilOptions.databaseUri, configDir },
    startup: { coldMs: cold.startupMs, warmMs: vigil.startupMs, idleRssMb },
    results: new Map(),
    nextPerson: rotation(people),
    async restartVigil() {
      await context.vigil.stop();
      context.vigil = await startVigil(measuredVigil);
    },
    meteredPids: () => ({ vigil: context.vigil.pid, baseline: baseline.pid, ferretdb: database.pid }),
    progress,
  };
  return context;
}
