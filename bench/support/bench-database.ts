/**
 * The run's own database: FerretDB (the project's embedded launcher) on a free loopback port with
 * a temporary data folder, stopped and deleted at the end. Vigil and the bare baseline use the
 * same server, each its own database name (so each has its own SQLite file and neither one's
 * tokens grow the other's collections).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../../src/db/embedded-ferretdb.ts';
import { onCleanup, removeDirOnCleanup } from './cleanup.ts';
import { freePort } from '../../src/db/free-port.ts';
import { findPidByCommandLine } from './proc-stats.ts';

export interface BenchDatabase {
  port: number;
  pid: number;
  uriFor(database: string): string;
}

export async function startBenchDatabase(): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-db-'));
  removeDirOnCleanup(dataDir);
  const port = await freePort();
  const embedded = await startEmbeddedDatabase({ port, dataDir });
  const pid = findPidByCommandLine(`--listen-addr=127.0.0.1:${port}`);
  onCleanup('stop FerretDB', () => embedded.stop(), () => { if (pid) process.kill(pid, 'SIGKILL'); });
  if (pid === undefined) throw new Error(`FerretDB on port ${port} started but its process was not found`);
  return { port, pid, uriFor: (database) => `mongodb://127.0.0.1:${port}/${database}` };
}
