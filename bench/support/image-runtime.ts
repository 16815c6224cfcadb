/**
 * The runtime settings the Docker image gives Vigil (`ENV MALLOC_MMAP_THRESHOLD_`,
 * `ENV GLIBC_TUNABLES` and `ENV NODE_OPTIONS` in the Dockerfile), read from the Dockerfile
 * itself so the bench measures what is shipped. `--runtime=default` in the bench measures without them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './config-dir.ts';

const RUNTIME_VARIABLES = ['MALLOC_MMAP_THRESHOLD_', 'GLIBC_TUNABLES', 'NODE_OPTIONS'];

export function imageRuntimeEnv(): Record<string, string> {
  const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
  const env: Record<string, string> = {};
  for (const name of RUNTIME_VARIABLES) {
    const match = new RegExp(`^ENV ${name}=(?:"([^"]*)"|(\\S+))\\s*$`, 'm').exec(dockerfile);
    const value = match?.[1] ?? match?.[2];
    if (value === undefined) throw new Error(`the Dockerfile has no "ENV ${name}=…" line (bench/support/image-runtime.ts)`);
    env[name] = value;
  }
  return env;
}
