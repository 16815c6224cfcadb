/**
 * The record of the embedded database serving a data folder: DATA_DIR/ferretdb.json names the
 * FerretDB process, its port, the folder it serves, a random token (also written into the
 * database, see embedded-marker.ts) and the process that started it. Written atomically (a
 * temporary file renamed over it), so a reader sees the old record or the new one, never half.
 * DATA_DIR/ferretdb.lock serialises the processes deciding whether to start a server.
 */
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { isProcessAlive } from './process-inspection.ts';

/** `vigil` owns the folder while it runs; a `command` (admin CLI, tests) only for its run. */
export type OwnerKind = 'vigil' | 'command';

const recordSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  dataDir: z.string(),
  startedAt: z.string(),
  token: z.string().min(16),
  owner: z.object({ pid: z.number().int().positive(), kind: z.enum(['vigil', 'command']) }),
});

export type EmbeddedRecord = z.infer<typeof recordSchema>;

export function recordPath(dataDir: string): string {
  return join(dataDir, 'ferretdb.json');
}

/** The folder's record; undefined when there is none or it is unreadable (then it is stale). */
export function readRecord(dataDir: string): EmbeddedRecord | undefined {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(recordPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeRecord(dataDir: string, record: EmbeddedRecord): void {
  const temporary = `${recordPath(dataDir)}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, recordPath(dataDir));
}

/** Removes the record if it is still the one with `token` (a successor's stays). */
export function removeRecord(dataDir: string, token?: string): void {
  if (token !== undefined && readRecord(dataDir)?.token !== token) return;
  rmSync(recordPath(dataDir), { force: true });
}

const LOCK_WAIT_MS = 30_000;
/** A lock file still empty after this long was left by a process that died creating it. */
const EMPTY_LOCK_GRACE_MS = 5_000;

function lockIsStale(path: string): boolean {
  let text: string;
  let ageMs: number;
  try {
    text = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    return false;
  }
  const holder = Number(text);
  if (text.trim() === '' || !Number.isInteger(holder)) return ageMs > EMPTY_LOCK_GRACE_MS;
  return !isProcessAlive(holder);
}

/**
 * Runs `work` holding the folder's lock. A lock whose holder died is taken over (two processes
 * finding the same dead holder at once could both take it; that needs a crash in the second a
 * start takes and two starts right after it).
 */
export async function withFolderLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const path = join(dataDir, 'ferretdb.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(path)) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another process has been starting the embedded database for ${LOCK_WAIT_MS / 1000} s (${path})`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path, { force: true });
  }
}
