/**
 * The bare oidc-provider baseline (bench/baseline/server.ts) as its own process, like Vigil and
 * with the same runtime settings, so the comparison is about code, not about heap sizes.
 */
import { join } from 'node:path';
import { startChild } from './child-process.ts';
import { REPO_ROOT } from './config-dir.ts';
import { freePort } from '../../src/db/free-port.ts';
import { imageRuntimeEnv } from './image-runtime.ts';
import type { TargetProcess } from './vigil-process.ts';
import { waitUntilReady } from './wait-until-ready.ts';

export async function startBaseline(options: { databaseUri: string; workDir: string; passwordHash: string; nodeFlags: string[]; adapter: 'mongo' | 'insert-first'; runtimeDefaults: boolean }): Promise<TargetProcess> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env, MONGODB_URI: options.databaseUri, PORT: String(port), ISSUER: issuer, BASELINE_ADAPTER: options.adapter, BASELINE_PASSWORD_HASH: options.passwordHash,
    ...(options.runtimeDefaults ? {} : imageRuntimeEnv()),
  };
  delete env.NODE_ENV;
  const spawnedAt = performance.now();
  const child = startChild('bare oidc-provider', process.execPath, [...options.nodeFlags, 'bench/baseline/server.ts'], {
    cwd: REPO_ROOT,
    env,
    logFile: join(options.workDir, `baseline-${port}.log`),
  });
  const readyAt = await waitUntilReady(`${issuer}/.well-known/openid-configuration`, child.process, child.logFile, 30_000);
  const name = options.adapter === 'insert-first' ? 'bare oidc-provider (insert-first adapter)' : 'bare oidc-provider';
  return { name, issuer, pid: child.pid, startupMs: readyAt - spawnedAt, logFile: child.logFile, stop: child.stop };
}
