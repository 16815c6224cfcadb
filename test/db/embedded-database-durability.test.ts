/**
 * The embedded database syncs SQLite's log at checkpoints rather than at every commit
 * (src/db/embedded-ferretdb.ts), which trades only a power cut's last commits. What it must not
 * cost, and what any setting of the launcher must keep: a write FerretDB acknowledged survives
 * FerretDB being killed outright and started again on the same files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { FERRETDB_BINARY, ferretDbArguments, isPortOpen } from '../../src/db/embedded-ferretdb.ts';
import { freePort } from '../../src/db/free-port.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-durability-'));
const stateDir = join(dataDir, 'state');
mkdirSync(stateDir);
const running: ChildProcess[] = [];

async function startFerretDb(port: number): Promise<ChildProcess> {
  const child = spawn(FERRETDB_BINARY, ferretDbArguments({ dataDir, stateDir, port }), { stdio: 'ignore' });
  running.push(child);
  for (let attempt = 0; attempt < 150 && !await isPortOpen(port); attempt += 1) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited with code ${child.exitCode}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return child;
}

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the embedded database', () => {
  it('keeps every acknowledged write when FerretDB is killed and started again', async () => {
    const port = await freePort();
    const first = await startFerretDb(port);
    const writer = await MongoClient.connect(`mongodb://127.0.0.1:${port}/durability`);
    const records = writer.db().collection<{ _id: string; n: number }>('records');
    await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
      for (let n = 0; n < 25; n += 1) await records.insertOne({ _id: `${lane}-${n}`, n });
    }));
    await records.updateOne({ _id: '0-0' }, { $set: { n: 1000 } });
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    await writer.close(true);

    await startFerretDb(port);
    const reader = await MongoClient.connect(`mongodb://127.0.0.1:${port}/durability`);
    const back = reader.db().collection<{ _id: string; n: number }>('records');
    expect(await back.countDocuments({})).toBe(200);
    expect((await back.findOne({ _id: '0-0' }))?.n).toBe(1000);
    await reader.close();
  });
});
