/**
 * The embedded local database: FerretDB 1.24 on loopback with SQLite files under a data folder.
 * Used by `npm start`, the admin CLI and the tests whenever MONGODB_URI is unset. Production
 * points MONGODB_URI at real MongoDB and never reaches this module.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, existsSync, openSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const FERRETDB_BINARY = join(ROOT, '.tools', 'bin', 'ferretdb');

export const EMBEDDED_PORT = 27018;

export interface EmbeddedDatabase {
  uri: string;
  /** Stops the server if this process started it; leaves a shared one running. */
  stop(): Promise<void>;
}

export function installFerretDb(): void {
  execFileSync('bash', [join(ROOT, 'scripts', 'ferretdb.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => { socket.destroy(); done(true); });
    socket.once('error', () => done(false));
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode}`);
    if (await isPortOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`FerretDB did not listen on port ${port} within ${timeoutMs} ms`);
}

export interface StartOptions {
  port?: number;
  dataDir?: string;
  /** Keep running after this process exits (the dev server shares it with the admin CLI). */
  detached?: boolean;
  database?: string;
}

/**
 * FerretDB keeps SQLite in WAL mode; `synchronous(normal)` syncs the log at checkpoints instead
 * of at every commit. A crash of FerretDB or of Vigil loses nothing; a power cut can lose the
 * last commits, as MongoDB's default write concern can lose up to its journal interval. Every
 * write serialises on SQLite's one writer, so the sync per commit was what concurrent
 * sign-ins queued behind (measured: 16 concurrent inserts 1,380/s, 3,160/s without it).
 */
export function ferretDbArguments(options: { dataDir: string; stateDir: string; port: number }): string[] {
  return [
    '--handler=sqlite',
    `--sqlite-url=file:${options.dataDir}/?_pragma=synchronous(normal)`,
    `--state-dir=${options.stateDir}`,
    `--listen-addr=127.0.0.1:${options.port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
}

export async function startEmbeddedDatabase(options: StartOptions = {}): Promise<EmbeddedDatabase> {
  const port = options.port ?? EMBEDDED_PORT;
  const database = options.database ?? 'vigil';
  const uri = `mongodb://127.0.0.1:${port}/${database}`;
  if (await isPortOpen(port)) {
    return { uri, stop: async () => {} };
  }
  if (!existsSync(FERRETDB_BINARY)) installFerretDb();
  const dataDir = resolve(options.dataDir ?? join(ROOT, '.data', 'ferretdb'));
  const stateDir = join(dataDir, 'state');
  mkdirSync(stateDir, { recursive: true });
  const logFd = openSync(join(dataDir, 'ferretdb.log'), 'a');
  const child = spawn(FERRETDB_BINARY, ferretDbArguments({ dataDir, stateDir, port }), { stdio: ['ignore', logFd, logFd], detached: options.detached ?? false });
  if (options.detached) child.unref();
  await waitForPort(port, child, 15_000);
  return {
    uri,
    stop: async () => {
      if (options.detached || child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
