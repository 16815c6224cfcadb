/**
 * The database goes away under a running Vigil: pages answer 503, /readyz says so, nothing
 * crashes; when the database is back the process reconnects by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-ferretdb.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { freePort } from '../support/ports.ts';
import { relyingParty } from '../support/user-agent.ts';

let database: EmbeddedDatabase;
let dataDir: string;
let port: number;
let vigil: TestApp;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-outage-'));
  port = await freePort();
  database = await startEmbeddedDatabase({ port, dataDir });
  const base = process.env.VIGIL_TEST_MONGODB_BASE;
  process.env.VIGIL_TEST_MONGODB_BASE = database.uri;
  vigil = await startTestApp({ label: 'outage' });
  process.env.VIGIL_TEST_MONGODB_BASE = base;
});

afterAll(async () => {
  await vigil.close().catch(() => undefined);
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('database outage', () => {
  it('answers 503 while the database is down and recovers without a restart', async () => {
    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const started = await rp.start();
    expect((await request(vigil.issuer).get('/readyz')).status).toBe(200);

    await database.stop();

    const ready = await request(vigil.issuer).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', checks: { database: 'unreachable' } });
    expect((await request(vigil.issuer).get('/healthz')).status).toBe(200);

    const authorize = await request(vigil.issuer).get(started.url.pathname + started.url.search).redirects(0);
    expect(authorize.status).toBe(503);
    expect(authorize.text).toContain('Temporarily unavailable');
    expect(authorize.text).not.toMatch(/Mongo|at .*\.js:\d+/);

    database = await startEmbeddedDatabase({ port, dataDir });
    await vi.waitFor(async () => expect((await request(vigil.issuer).get('/readyz')).status).toBe(200), { timeout: 30_000, interval: 250 });
    const again = await request(vigil.issuer).get(started.url.pathname + started.url.search).redirects(0);
    expect(again.status).toBe(303);
  }, 60_000);
});
