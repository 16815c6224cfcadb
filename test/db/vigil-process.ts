/**
 * Vigil as `npm start` runs it (`node src/main.ts`, no MONGODB_URI), in a child process with its
 * own DATA_DIR and PORT, for the tests of the embedded database's ownership.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../src/app.ts';
import { freePort } from '../../src/db/free-port.ts';

export interface VigilProcess {
  child: ChildProcess;
  port: number;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
  stderr(): string;
}

export function embeddedEnv(dataDir: string, configDir: string): Record<string, string> {
  return { MONGODB_URI: '', DATA_DIR: dataDir, CONFIG_DIR: configDir, OUTBOX_DIR: join(dataDir, 'outbox'), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
}

/** Starts Vigil; resolves when it is ready, or when it exits first (e.g. refused). */
export async function startVigil(dataDir: string, configDir: string): Promise<VigilProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'src', 'main.ts')], {
    env: { ...process.env, ...embeddedEnv(dataDir, configDir), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | NodeJS.Signals>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? -1)));
  await new Promise<void>((done) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Vigil is running at')) done();
    });
    child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    void exited.then(() => done());
  });
  return { child, port, exited, stderr: () => stderr };
}
