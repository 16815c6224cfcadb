/**
 * Vigil as its own process (`node src/main.ts`, NODE_ENV unset), so its RSS and CPU are its own:
 * pointed at the run's database and config folder, trusting X-Forwarded-For from loopback (the
 * driver plays many users' addresses), with the Docker image's runtime settings, and timed from
 * spawn to the first 200 from /readyz.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startChild, type Child } from './child-process.ts';
import { REPO_ROOT } from './config-dir.ts';
import { freePort } from '../../src/db/free-port.ts';
import { imageRuntimeEnv } from './image-runtime.ts';
import { waitUntilReady } from './wait-until-ready.ts';

/** Vigil's COOKIE_KEYS in the bench, so the driver can present seeded sessions' cookies. */
export const BENCH_COOKIE_KEY = 'vigil-bench-cookie-key-0123456789abcdef';

/** Vigil's ENCRYPTION_KEYS in the bench, so bench users' TOTP secrets can be sealed for it. */
export const BENCH_ENCRYPTION_KEYS = `bench:${Buffer.alloc(32, 7).toString('base64')}`;

/** How often the bench's Vigil looks for a newly applied policy version. */
export const BENCH_POLICY_POLL_MS = 300;

export interface TargetProcess {
  name: string;
  issuer: string;
  pid: number;
  /** Milliseconds from spawn to the first successful readiness probe. */
  startupMs: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface VigilOptions {
  databaseUri: string;
  configDir: string;
  workDir: string;
  /** Extra node flags, e.g. --cpu-prof for `--profile`. */
  nodeFlags?: string[];
  /** Run with Node's and glibc's defaults instead of the Docker image's runtime settings. */
  runtimeDefaults?: boolean;
}

export async function startVigil(options: VigilOptions): Promise<TargetProcess> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_URI: options.databaseUri,
    PORT: String(port),
    ISSUER: issuer,
    CONFIG_DIR: options.configDir,
    DATA_DIR: join(options.workDir, 'data'),
    OUTBOX_DIR: join(options.workDir, 'outbox'),
    TRUST_PROXY: '127.0.0.1',
    COOKIE_KEYS: BENCH_COOKIE_KEY,
    ENCRYPTION_KEYS: BENCH_ENCRYPTION_KEYS,
    POLICY_POLL_MS: String(BENCH_POLICY_POLL_MS),
    // As the Docker image runs it; `--runtime=default` measures without.
    ...(options.runtimeDefaults ? {} : imageRuntimeEnv()),
  };
  delete env.NODE_ENV;
  mkdirSync(options.workDir, { recursive: true });
  const spawnedAt = performance.now();
  const child: Child = startChild('Vigil', process.execPath, [...(options.nodeFlags ?? []), 'src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    logFile: join(options.workDir, `vigil-${port}.log`),
  });
  const readyAt = await waitUntilReady(`${issuer}/readyz`, child.process, child.logFile, 30_000);
  return { name: 'Vigil', issuer, pid: child.pid, startupMs: readyAt - spawnedAt, logFile: child.logFile, stop: child.stop };
}
