/**
 * The embedded local database: FerretDB 1.24 on loopback with SQLite files under a data folder.
 * Used by `npm start`, the admin CLI and the tests whenever MONGODB_URI is unset. Production
 * points MONGODB_URI at real MongoDB and never reaches this module.
 *
 * One server per data folder (DATA_DIR): its files in DATA_DIR/ferretdb, the running server in
 * DATA_DIR/ferretdb.json (embedded-record.ts). Whoever finds no live server for the folder starts
 * one and stops it when it stops; a Vigil owns its folder's server while it runs (a second Vigil
 * on the same folder is refused), an admin command uses a running Vigil's server or starts one
 * for its own run. A record whose server is gone, is not the folder's FerretDB or whose port
 * answers with another database is stale and replaced.
 */
import { spawn, execFileSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.ts';
import { readMarker, writeMarker } from './embedded-marker.ts';
import { freePort } from './free-port.ts';
import { readRecord, removeRecord, withFolderLock, writeRecord, type EmbeddedRecord, type OwnerKind } from './embedded-record.ts';
import { commandLine, isProcessAlive, listensOn, processesMatching } from './process-inspection.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const FERRETDB_BINARY = join(ROOT, '.tools', 'bin', 'ferretdb');

/** The port a folder's first server tries; taken, the system picks a free one. */
export const EMBEDDED_PORT = 27018;

/** How long to wait for an admin command's own server to be released before giving up. */
const COMMAND_WAIT_MS = 30_000;

export interface EmbeddedDatabase {
  uri: string;
  port: number;
  /** The FerretDB process. */
  pid: number;
  /** Stops the server if this process started it; leaves one another process started running. */
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

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * FerretDB keeps SQLite in WAL mode; `synchronous(normal)` syncs the log at checkpoints instead
 * of at every commit. A crash of FerretDB or of Vigil loses nothing; a power cut can lose the
 * last commits, as MongoDB's default write concern can lose up to its journal interval. Every
 * write serialises on SQLite's one writer, so a sync per commit is what concurrent sign-ins
 * would queue behind (figures: bench/README.md, "FerretDB 1.24 and collection sizes").
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

function filesDir(dataDir: string): string {
  return join(dataDir, 'ferretdb');
}

/** What only a FerretDB serving this folder's files has in its command line. */
function folderServerArgument(dataDir: string): string {
  return ` --sqlite-url=file:${filesDir(dataDir)}/?`;
}

/** Whether `pid` is a FerretDB serving this folder's files (not a process that reused the pid). */
function isFolderServer(pid: number, dataDir: string): boolean {
  return commandLine(pid)?.includes(folderServerArgument(dataDir)) ?? false;
}

/**
 * Where available (Linux), FerretDB gets SIGTERM when the process that started it dies, even by
 * SIGKILL: a crashed Vigil leaves no server behind. Elsewhere the orphan is found through the
 * record (its owner is dead) and stopped by the next start.
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

function spawnFerretDb(dataDir: string, port: number): ChildProcess {
  const dir = filesDir(dataDir);
  const stateDir = join(dir, 'state');
  mkdirSync(stateDir, { recursive: true });
  const args = ferretDbArguments({ dataDir: dir, stateDir, port });
  const logFd = openSync(join(dir, 'ferretdb.log'), 'a');
  // Its own process group: a Ctrl-C at the terminal reaches Vigil, which stops the database
  // after its own shutdown rather than under it.
  const options: SpawnOptions = { stdio: ['ignore', logFd, logFd], detached: true };
  try {
    return SETPRIV
      ? spawn(SETPRIV, ['--pdeathsig', 'SIGTERM', '--', FERRETDB_BINARY, ...args], options)
      : spawn(FERRETDB_BINARY, args, options);
  } finally {
    closeSync(logFd);
  }
}

class PortTakenError extends Error {}

async function waitUntilServing(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new PortTakenError(`FerretDB exited (${child.exitCode ?? child.signalCode}) before listening on port ${port}`);
    if (await isPortOpen(port)) {
      // The port can be answered by a process that took it between the check and our start.
      if (child.pid !== undefined && listensOn(child.pid, port) === false) throw new PortTakenError(`port ${port} was taken by another process`);
      return;
    }
    await sleep(100);
  }
  throw new Error(`FerretDB did not listen on port ${port} within ${timeoutMs} ms`);
}

async function terminate(pid: number): Promise<void> {
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  for (let waited = 0; waited < 5000 && isProcessAlive(pid); waited += 50) await sleep(50);
  if (isProcessAlive(pid)) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5000);
  return exited.finally(() => clearTimeout(force));
}

type Health = 'live' | 'gone' | 'foreign' | 'broken';

/**
 * `live`: the recorded server runs, is this folder's FerretDB, listens on the recorded port and
 * its marker carries the record's token. `gone`: dead. `foreign`: the pid or the record belongs
 * to something else (never touched). `broken`: this folder's FerretDB, but not answering as
 * recorded (it is stopped before a new one starts on the same files).
 */
async function health(record: EmbeddedRecord, dataDir: string): Promise<Health> {
  if (record.dataDir !== dataDir) return 'foreign';
  if (!isProcessAlive(record.pid)) return 'gone';
  if (!isFolderServer(record.pid, dataDir)) return 'foreign';
  const listening = listensOn(record.pid, record.port);
  if (listening === false) return 'broken';
  const marker = await readMarker(record.port);
  // A busy server that holds the port (as /proc shows) is slow, not someone else's.
  if (marker === 'unreachable') return listening ? 'live' : 'broken';
  return marker !== 'none' && marker.token === record.token && marker.dataDir === dataDir ? 'live' : 'broken';
}

function uriFor(port: number, database: string): string {
  return `mongodb://127.0.0.1:${port}/${database}`;
}

export interface StartOptions {
  /** The data folder (DATA_DIR). */
  dataDir: string;
  /** `vigil` is refused a folder another running Vigil serves; `command` (default) uses it. */
  owner?: OwnerKind;
  /** The port to start on (default: the folder's last port, else 27018, else any free one). */
  port?: number;
  database?: string;
}

async function launch(dataDir: string, options: StartOptions, previousPort: number | undefined): Promise<EmbeddedDatabase> {
  if (!existsSync(FERRETDB_BINARY)) installFerretDb();
  const candidates = options.port !== undefined ? [options.port] : [previousPort ?? EMBEDDED_PORT, EMBEDDED_PORT];
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; !child; attempt += 1) {
    const wanted = candidates[attempt];
    port = wanted !== undefined && !await isPortOpen(wanted) ? wanted : await freePort();
    if (options.port !== undefined && port !== options.port) throw new Error(`port ${options.port} is in use`);
    const started = spawnFerretDb(dataDir, port);
    try {
      await waitUntilServing(started, port, 15_000);
      child = started;
    } catch (error) {
      await stopChild(started);
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt >= 3) throw error;
    }
  }
  const token = randomUUID();
  const pid = child.pid ?? 0;
  try {
    await writeMarker(port, { dataDir, token });
    writeRecord(dataDir, { pid, port, dataDir, startedAt: new Date().toISOString(), token, owner: { pid: process.pid, kind: options.owner ?? 'command' } });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const running = child;
  // However this process ends (an error, process.exit, a forced shutdown), its server goes too.
  const onExit = (): void => {
    if (running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
    removeRecord(dataDir, token);
  };
  process.once('exit', onExit);
  return {
    uri: uriFor(port, options.database ?? 'vigil'),
    port,
    pid,
    stop: async () => {
      process.off('exit', onExit);
      await stopChild(running);
      removeRecord(dataDir, token);
    },
  };
}

type Outcome = EmbeddedDatabase | { busy: EmbeddedRecord };

async function openUnderLock(dataDir: string, options: StartOptions): Promise<Outcome> {
  const record = readRecord(dataDir);
  if (record) {
    const state = await health(record, dataDir);
    if (state === 'live') {
      const owner = record.owner;
      const ownerAlive = owner.pid === process.pid || isProcessAlive(owner.pid);
      if (owner.pid === process.pid || (ownerAlive && owner.kind === 'vigil' && options.owner !== 'vigil')) {
        return { uri: uriFor(record.port, options.database ?? 'vigil'), port: record.port, pid: record.pid, stop: async () => {} };
      }
      if (ownerAlive && owner.kind === 'vigil') {
        throw new ConfigError('DATA_DIR', '', `${dataDir} is in use by another Vigil (pid ${owner.pid}, database on port ${record.port}); stop it or give this one another DATA_DIR`);
      }
      // An admin command's server is stopped when that command ends: wait for it.
      if (ownerAlive) return { busy: record };
    }
    // The server outlived its owner, or does not answer as recorded: it goes, a new one starts.
    if (state === 'live' || state === 'broken') await terminate(record.pid);
    removeRecord(dataDir);
  }
  // Under the lock, a server of this folder that no valid record names has no owner (one left
  // by a version before the record, or whose record was deleted): two servers on one set of
  // files must not run, so it goes.
  for (const orphan of processesMatching(folderServerArgument(dataDir))) await terminate(orphan);
  return launch(dataDir, options, record?.port);
}

/**
 * The folder's embedded database: the running one its record names (verified), or one started
 * for this process. Throws ConfigError when another Vigil serves the folder and `owner` is vigil.
 */
export async function startEmbeddedDatabase(options: StartOptions): Promise<EmbeddedDatabase> {
  mkdirSync(options.dataDir, { recursive: true });
  const dataDir = realpathSync(options.dataDir);
  const deadline = Date.now() + COMMAND_WAIT_MS;
  for (;;) {
    const outcome = await withFolderLock(dataDir, () => openUnderLock(dataDir, options));
    if (!('busy' in outcome)) return outcome;
    if (Date.now() > deadline) {
      throw new ConfigError('DATA_DIR', '', `${dataDir} is in use by an admin command (pid ${outcome.busy.owner.pid}) for more than ${COMMAND_WAIT_MS / 1000} s`);
    }
    await sleep(200);
  }
}
