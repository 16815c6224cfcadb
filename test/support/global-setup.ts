/**
 * Starts one FerretDB for the whole test run (unless MONGODB_URI points at a real MongoDB).
 * Each test file then works in its own database, so files run in parallel without sharing state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-ferretdb.ts';
import { freePort } from '../../src/db/free-port.ts';

let database: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.VIGIL_TEST_MONGODB_BASE = process.env.MONGODB_URI;
    return;
  }
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-test-db-'));
  database = await startEmbeddedDatabase({ port: await freePort(), dataDir });
  process.env.VIGIL_TEST_MONGODB_BASE = database.uri;
}

export async function teardown(): Promise<void> {
  await database?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
