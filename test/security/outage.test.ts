/**
 * Issue 11 finding 7: while the database is down every endpoint that needs it answers 503 with
 * Retry-After within about a second — a JSON `temporarily_unavailable` error for the OAuth
 * endpoints, the "temporarily unavailable" page for browser routes — and everything works again
 * once the database is back, without a restart. /healthz stays 200, /readyz says 503. Nothing
 * crashes, no page shows a stack trace or the driver's words.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request, { type Response } from 'supertest';
import * as oidc from 'openid-client';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-ferretdb.ts';
import { SERVICE_CLIENT, startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { freePort } from '../../src/db/free-port.ts';
import { createTestUser } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { signInThrough } from './sign-in-flow.ts';

let database: EmbeddedDatabase;
let dataDir: string;
let port: number;
let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-outage-'));
  port = await freePort();
  database = await startEmbeddedDatabase({ port, dataDir });
  const base = process.env.VIGIL_TEST_MONGODB_BASE;
  process.env.VIGIL_TEST_MONGODB_BASE = database.uri;
  try {
    vigil = await startTestApp({ label: 'outage503' });
  } finally {
    process.env.VIGIL_TEST_MONGODB_BASE = base;
  }
  await createTestUser({ username: 'alice' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});

afterAll(async () => {
  await vigil.close().catch(() => undefined);
  await database.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const WEB_AUTH = basic(WEB_CLIENT.id, WEB_CLIENT.secret);
/** What a browser sends with a navigation. */
const HTML = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** The slowest answer seen while the database was down, reported by the test's name. */
const timings: Record<string, number> = {};

async function timed(name: string, send: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  const response = await send();
  timings[name] = Math.round(performance.now() - started);
  return response;
}

function expectUnavailableJson(response: Response, what: string): void {
  expect(response.status, `${what}: ${response.text}`).toBe(503);
  expect(response.headers['retry-after'], what).toMatch(/^\d+$/);
  expect(response.headers['content-type'], what).toMatch(/application\/json/);
  expect(response.body, what).toMatchObject({ error: 'temporarily_unavailable' });
}

function expectUnavailablePage(response: Response, what: string): void {
  expect(response.status, `${what}: ${response.text.slice(0, 300)}`).toBe(503);
  expect(response.headers['retry-after'], what).toMatch(/^\d+$/);
  expect(response.headers['content-type'], what).toMatch(/text\/html/);
  expect(response.text, what).toContain('Temporarily unavailable');
  expect(response.text, what).not.toMatch(/Mongo|server_error|at .*\.(js|ts):\d+/);
  expect(response.headers['content-security-policy'], what).toContain("frame-ancestors 'none'");
}

describe('database outage', () => {
  it('every endpoint answers 503 with Retry-After within about a second, and recovers by itself', async () => {
    const { browser, tokens } = await signInThrough(rp, vigil.issuer, 'alice');
    const refresh = tokens.refresh_token ?? '';
    const pending = await rp.start();
    const login = await new UserAgent(vigil.issuer).agent.get(pending.url.pathname + pending.url.search).redirects(0);
    const interaction = login.headers.location ?? '';
    expect(interaction).toMatch(/^\/interaction\//);

    await database.stop();
    expect((await request(vigil.issuer).get('/healthz')).status).toBe(200);
    const ready = await timed('/readyz', () => request(vigil.issuer).get('/readyz'));
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toMatch(/^\d+$/);
    expect(ready.body).toMatchObject({ status: 'unavailable', checks: { database: 'unreachable' } });

    const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
    expectUnavailableJson(await timed('/token refresh_token', () => request(vigil.issuer).post('/token').set(form).set('Authorization', WEB_AUTH)
      .send(`grant_type=refresh_token&refresh_token=${refresh}`)), '/token refresh_token');
    expectUnavailableJson(await timed('/token authorization_code', () => request(vigil.issuer).post('/token').set(form).set('Authorization', WEB_AUTH)
      .send('grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2Frp.test%2Fcallback&code_verifier=' + 'a'.repeat(43))), '/token authorization_code');
    expectUnavailableJson(await timed('/token client_credentials', () => request(vigil.issuer).post('/token').set(form)
      .set('Authorization', basic(SERVICE_CLIENT.id, SERVICE_CLIENT.secret)).send('grant_type=client_credentials&scope=api%3Aread')), '/token client_credentials');
    const me = await timed('/me', () => request(vigil.issuer).get('/me').set('Authorization', `Bearer ${tokens.access_token}`));
    expectUnavailableJson(me, '/me');
    expect(me.headers['www-authenticate']).toBeUndefined();
    expectUnavailableJson(await timed('/token/introspection', () => request(vigil.issuer).post('/token/introspection').set(form).set('Authorization', WEB_AUTH)
      .send(`token=${tokens.access_token}`)), '/token/introspection');
    expectUnavailableJson(await timed('/token/revocation', () => request(vigil.issuer).post('/token/revocation').set(form).set('Authorization', WEB_AUTH)
      .send(`token=${tokens.access_token}`)), '/token/revocation');

    expectUnavailablePage(await timed('/auth (signed in)', () => browser.agent.get(pending.url.pathname + pending.url.search).set(HTML).redirects(0)), '/auth (signed in)');
    expectUnavailablePage(await timed('/auth', () => request(vigil.issuer).get(pending.url.pathname + pending.url.search).set(HTML).redirects(0)), '/auth');
    expectUnavailablePage(await timed('/interaction', () => request(vigil.issuer).get(interaction).set(HTML).set('Cookie', login.headers['set-cookie'] ?? []).redirects(0)), '/interaction');
    expectUnavailablePage(await timed('/interaction login', () => request(vigil.issuer).post(`${interaction}/login`).set(HTML).set('Cookie', login.headers['set-cookie'] ?? [])
      .type('form').send({ username: 'alice', password: 'whatever-it-is', action: 'login' }).redirects(0)), '/interaction login');
    expectUnavailablePage(await timed('/session/end', () => browser.agent.get(`/session/end?id_token_hint=${tokens.id_token ?? ''}`).set(HTML).redirects(0)), '/session/end');
    // Security info needs no database to send a browser without its session to sign in, where it is told.
    const securityInfo = await browser.agent.get('/security-info').set(HTML).redirects(0);
    const signIn = new URL(securityInfo.headers.location ?? '', vigil.issuer);
    expectUnavailablePage(await timed('/security-info sign-in', () => browser.agent.get(signIn.pathname + signIn.search).set(HTML).redirects(0)), '/security-info sign-in');

    // Within about a second each (the driver's server selection gives up after 1 s).
    for (const [name, ms] of Object.entries(timings)) expect(ms, name).toBeLessThan(2500);
    console.info('answers while the database was down (ms):', timings);

    database = await startEmbeddedDatabase({ port, dataDir });
    await vi.waitFor(async () => expect((await request(vigil.issuer).get('/readyz')).status).toBe(200), { timeout: 30_000, interval: 250 });
    const again = await request(vigil.issuer).get(pending.url.pathname + pending.url.search).redirects(0);
    expect(again.status).toBe(303);
    const refreshed = await oidc.refreshTokenGrant(rp.config, refresh);
    expect(refreshed.access_token).toBeTruthy();
    const userinfo = await oidc.fetchUserInfo(rp.config, refreshed.access_token, tokens.claims()?.sub ?? '');
    expect(userinfo.preferred_username).toBe('alice');
  }, 60_000);
});
