/**
 * One embedded database per data folder (README "Quick start", "Admin CLI"): `npm start` records
 * its FerretDB in DATA_DIR/ferretdb.json, the admin CLI finds it there (or starts one for its
 * run), another DATA_DIR has its own data, a second Vigil on a folder in use is refused, Vigil's
 * database stops with it (SIGTERM, and a SIGKILL leaves no server behind), and a stale record
 * (dead process, a pid or a port taken by something else, a copied record) is replaced.
 */
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../../src/app.ts';
import { startEmbeddedDatabase } from '../../src/db/embedded-ferretdb.ts';
import { readRecord, recordPath, type EmbeddedRecord } from '../../src/db/embedded-record.ts';
import { commandLine, isProcessAlive } from '../../src/db/process-inspection.ts';
import { runCli } from '../support/cli.ts';
import { freePort } from '../../src/db/free-port.ts';
import { embeddedEnv, startVigil, type VigilProcess } from './vigil-process.ts';

const root = mkdtempSync(join(tmpdir(), 'vigil-ownership-'));
const configDir = join(root, 'config');
const folderA = join(root, 'a');
const folderB = join(root, 'b');
const started: VigilProcess[] = [];
const PASSWORD = 'orchid-glacier-tandem-97\n';

const admin = (dataDir: string, args: string[], stdin?: string) =>
  runCli(args, { databaseUri: '', configDir, stdin, env: embeddedEnv(dataDir, configDir) });

function record(dataDir: string): EmbeddedRecord {
  const found = readRecord(dataDir);
  if (!found) throw new Error(`no record in ${dataDir}`);
  return found;
}

async function expectGone(pid: number): Promise<void> {
  await vi.waitFor(() => expect(isProcessAlive(pid)).toBe(false), { timeout: 10_000, interval: 50 });
}

function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (isProcessAlive(pid)) throw new Error('expected a finished process');
  return pid;
}

function staleRecord(dataDir: string, pid: number, port: number): void {
  const stale: EmbeddedRecord = { pid, port, dataDir: realpathSync(dataDir), startedAt: new Date(0).toISOString(), token: '00000000-0000-0000-0000-000000000000', owner: { pid, kind: 'vigil' } };
  writeFileSync(recordPath(dataDir), JSON.stringify(stale));
}

beforeAll(async () => {
  cpSync(join(ROOT, 'config'), configDir, { recursive: true });
  mkdirSync(folderA);
  mkdirSync(folderB);
  started.push(...await Promise.all([startVigil(folderA, configDir), startVigil(folderB, configDir)]));
});

afterAll(async () => {
  for (const vigil of started) vigil.child.kill('SIGKILL');
  for (const dataDir of [folderA, folderB]) {
    const left = readRecord(dataDir);
    if (left && commandLine(left.pid)?.includes(dataDir)) process.kill(left.pid, 'SIGKILL');
  }
  rmSync(root, { recursive: true, force: true });
});

describe('the embedded database of a data folder', () => {
  it('runs two Vigils with different DATA_DIRs side by side, each recording its own database in its folder', () => {
    const [a, b] = started;
    expect(a?.stderr()).toBe('');
    expect(b?.stderr()).toBe('');
    const recordA = record(folderA);
    const recordB = record(folderB);
    expect(recordA).toMatchObject({ dataDir: realpathSync(folderA), owner: { pid: a?.child.pid, kind: 'vigil' } });
    expect(recordB).toMatchObject({ dataDir: realpathSync(folderB), owner: { pid: b?.child.pid, kind: 'vigil' } });
    expect(recordA.port).not.toBe(recordB.port);
    expect(commandLine(recordA.pid)).toContain(`${realpathSync(folderA)}/ferretdb/`);
    expect(commandLine(recordB.pid)).toContain(`${realpathSync(folderB)}/ferretdb/`);
  });

  it('lets the admin CLI work on the database its DATA_DIR\'s Vigil runs, and only that one', async () => {
    const recordA = record(folderA);
    const recordB = record(folderB);
    const created = await admin(folderA, ['user', 'create', 'alice'], PASSWORD);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const elsewhere = await admin(folderB, ['user', 'show', 'alice']);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain('no user named "alice"');
    // The CLI used the running servers: the records are the ones Vigil wrote.
    expect(record(folderA)).toEqual(recordA);
    expect(record(folderB)).toEqual(recordB);
  });

  it('refuses a second Vigil on a folder another Vigil serves, in one line', async () => {
    const second = await startVigil(folderA, configDir);
    started.push(second);
    expect(await second.exited).toBe(2);
    const owner = record(folderA).owner.pid;
    expect(second.stderr()).toMatch(new RegExp(`^vigil: configuration error: DATA_DIR: .* is in use by another Vigil \\(pid ${owner}, database on port \\d+\\); stop it or give this one another DATA_DIR\\n$`));
  });

  it('stops Vigil\'s database with it on SIGTERM, and a killed Vigil leaves no database running', async () => {
    const [a, b] = started;
    const databaseA = record(folderA).pid;
    const databaseB = record(folderB).pid;
    a?.child.kill('SIGTERM');
    expect(await a?.exited).toBe(0);
    await expectGone(databaseA);
    expect(existsSync(recordPath(folderA))).toBe(false);

    b?.child.kill('SIGKILL');
    await b?.exited;
    await expectGone(databaseB);
  });

  it('replaces a stale record: a dead server, a pid now another process\'s, a port another server answers', async () => {
    // Folder B still holds the record of the killed Vigil: its server is dead.
    expect(isProcessAlive(record(folderB).pid)).toBe(false);
    const listed = await admin(folderB, ['user', 'list', '--json']);
    expect(listed.stderr).toBe('');
    expect(listed.code).toBe(0);
    // The CLI started a database for its run and stopped it after.
    expect(existsSync(recordPath(folderB))).toBe(false);

    const foreign: Server = createServer((socket) => socket.end());
    const foreignPort = await freePort();
    await new Promise<void>((done) => foreign.listen(foreignPort, '127.0.0.1', done));
    try {
      staleRecord(folderA, deadPid(), foreignPort);
      expect((await admin(folderA, ['user', 'show', 'alice'])).code).toBe(0);
      // A live process that is not the folder's FerretDB (this test) is left alone.
      staleRecord(folderA, process.pid, foreignPort);
      expect((await admin(folderA, ['user', 'show', 'alice'])).code).toBe(0);
    } finally {
      foreign.close();
    }
  });

  it('never follows a record copied from another folder, nor a server whose marker is not the record\'s', async () => {
    const x = join(root, 'x');
    const y = join(root, 'y');
    const inX = await startEmbeddedDatabase({ dataDir: x, port: await freePort(), database: 'ownership' });
    const connection = await mongoose.createConnection(inX.uri).asPromise();
    await connection.collection('things').insertOne({ in: 'x' });
    await connection.close();
    mkdirSync(y);
    copyFileSync(recordPath(x), recordPath(y));

    const inY = await startEmbeddedDatabase({ dataDir: y, port: await freePort(), database: 'ownership' });
    try {
      expect(inY.pid).not.toBe(inX.pid);
      expect(isProcessAlive(inX.pid)).toBe(true);
      const readY = await mongoose.createConnection(inY.uri).asPromise();
      expect(await readY.collection('things').countDocuments()).toBe(0);
      await readY.close();
    } finally {
      await inY.stop();
    }

    // The record of X names its live server, but the token the server carries is another one.
    writeFileSync(recordPath(x), readFileSync(recordPath(x), 'utf8').replace(/"token": "[^"]+"/, '"token": "ffffffff-ffff-ffff-ffff-ffffffffffff"'));
    const again = await startEmbeddedDatabase({ dataDir: x, port: await freePort(), database: 'ownership' });
    try {
      expect(again.pid).not.toBe(inX.pid);
      await expectGone(inX.pid);
      const readX = await mongoose.createConnection(again.uri).asPromise();
      expect(await readX.collection('things').countDocuments({ in: 'x' })).toBe(1);
      await readX.close();
    } finally {
      await again.stop();
      await inX.stop();
    }
  });

  it('waits for an admin command\'s own database to be released, then starts one of its own', async () => {
    const z = join(root, 'z');
    const first = await startEmbeddedDatabase({ dataDir: z, port: await freePort() });
    // Another command (a live process) owns the running server.
    const command = spawn('sleep', ['60'], { stdio: 'ignore' });
    const held = record(z);
    writeFileSync(recordPath(z), JSON.stringify({ ...held, owner: { pid: command.pid, kind: 'command' } }));
    let opened = false;
    const opening = startEmbeddedDatabase({ dataDir: z, port: await freePort() }).then((database) => { opened = true; return database; });
    try {
      await new Promise((done) => setTimeout(done, 600));
      expect(opened).toBe(false);
      command.kill('SIGKILL');
      const second = await opening;
      expect(second.pid).not.toBe(first.pid);
      await expectGone(first.pid);
      await second.stop();
    } finally {
      command.kill('SIGKILL');
      await first.stop();
    }
  });

  it('stops a server of the folder that no record names, or whose owner is dead, before starting one (no two servers on one set of files)', async () => {
    const w = join(root, 'w');
    const unrecorded = await startEmbeddedDatabase({ dataDir: w, port: await freePort() });
    rmSync(recordPath(w));
    const fresh = await startEmbeddedDatabase({ dataDir: w, port: await freePort() });
    // A recorded server whose owner died without stopping it (no parent-death signal) goes too.
    writeFileSync(recordPath(w), JSON.stringify({ ...record(w), owner: { pid: deadPid(), kind: 'vigil' } }));
    const replacing = await startEmbeddedDatabase({ dataDir: w, port: await freePort() });
    try {
      expect(fresh.pid).not.toBe(unrecorded.pid);
      await expectGone(unrecorded.pid);
      expect(replacing.pid).not.toBe(fresh.pid);
      await expectGone(fresh.pid);
    } finally {
      await replacing.stop();
      await fresh.stop();
      await unrecorded.stop();
    }
  });
});
