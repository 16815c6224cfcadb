import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startMetricsServer, type MetricsServer } from '../../src/metrics/server.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { resetCodePage, SSPR_POLICIES } from '../support/reset.ts';

let vigil: TestApp;
let rp: RelyingParty;
let metricsServer: MetricsServer;
let maxMfa: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'metrics', policiesYaml: SSPR_POLICIES, env: { METRICS_PORT: '0' }, monitorCommands: true });
  const registry = vigil.app.metricsRegistry;
  if (!registry) throw new Error('metrics are on: the app must have a registry');
  metricsServer = await startMetricsServer(registry, { host: vigil.settings.metricsHost, port: 0 });
  await createTestUser({ username: 'mia' });
  await createTestUser({ username: 'dora', disabled: true });
  maxMfa = await registerMfa(vigil, (await createTestUser({ username: 'max' }))._id.toString());
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await metricsServer.close();
  await vigil.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`http://${vigil.settings.metricsHost}:${metricsServer.port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample, matched by name and a subset of its labels (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) return Number(match[3]);
  }
  return 0;
}

describe('/metrics (Prometheus)', () => {
  it('counts sign-ins, policy decisions, token grants, request and database latency, and the event loop', async () => {
    const before = await scrape();
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const failed = await browser.submit(login, 'login', { username: 'mia', password: 'not-her-password-0' });
    expect(failed.status).toBe(401);
    const done = await browser.submit(failed, 'login', { username: 'mia', password: DEFAULT_PASSWORD });
    expect(done.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
    await rp.finish(done.url, started);
    const other = new UserAgent(vigil.issuer);
    const refused = await other.submit(await other.open((await rp.start()).url.toString()), 'login', { username: 'dora', password: DEFAULT_PASSWORD });
    expect(refused.status).toBe(403);
    // The same code again: the token endpoint refuses it.
    await expect(rp.finish(done.url, started)).rejects.toMatchObject({ error: 'invalid_grant' });

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}): number => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('vigil_sign_ins_total', { outcome: 'success', risk_level: 'none' })).toBe(1);
    expect(moved('vigil_sign_ins_total', { outcome: 'failedPassword', risk_level: 'none' })).toBe(1);
    expect(moved('vigil_sign_ins_total', { outcome: 'blocked', risk_level: 'none' })).toBe(1);
    expect(moved('vigil_policy_decisions_total', { policy: 'signIn', decision: 'blocked:disabled' })).toBe(1);
    expect(moved('vigil_token_grants_total', { grant_type: 'authorization_code', result: 'success' })).toBe(1);
    expect(moved('vigil_token_grants_total', { grant_type: 'authorization_code', result: 'error' })).toBe(1);
    expect(moved('vigil_http_request_duration_seconds_count', { method: 'POST', route: '/interaction/:uid/login', status_class: '4xx' })).toBe(2); // mia's wrong password, dora disabled
    expect(moved('vigil_http_request_duration_seconds_count', { method: 'POST', route: '/token', status_class: '2xx' })).toBe(1);
    expect(moved('vigil_db_command_duration_seconds_count', { command: 'insert', outcome: 'ok' })).toBeGreaterThan(0);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    // Route labels are patterns: no interaction id ever becomes a label value.
    const uid = /\/interaction\/([^/?]+)/.exec(login.url)?.[1] ?? 'no interaction id';
    expect(after).not.toContain(uid);
    expect(after).not.toMatch(/route="\/interaction\/(?!:uid)/);
  });

  it('counts MFA prompts and their results, and the stages of a password reset', async () => {
    const before = await scrape();
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ acr_values: MFA_ACR });
    const mfa = await browser.submit(await browser.open(started.url.toString()), 'login', { username: 'max', password: DEFAULT_PASSWORD });
    nextStep(vigil);
    const right = totpNow(vigil, maxMfa.secret);
    const wrong = await browser.submit(mfa, 'verify', { code: right === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect((await browser.submit(wrong, 'verify', { code: right })).url).toMatch(/^http:\/\/rp\.test\/callback\?/);

    const resetter = new UserAgent(vigil.issuer);
    const codePage = await resetCodePage(rp, resetter, 'max', 'totp');
    nextStep(vigil);
    const newPassword = await resetter.submit(codePage, 'verify', { code: totpNow(vigil, maxMfa.secret) });
    const reset = await resetter.submit(newPassword, 'reset', { password: 'lantern-quarry-pebble-75', confirm: 'lantern-quarry-pebble-75' });
    expect(reset.url).toMatch(/reset=done|^http:\/\/rp\.test/);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}): number => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('vigil_mfa_challenges_total', { reason: 'client' })).toBe(1);
    expect(moved('vigil_mfa_verifications_total', { method: 'totp', result: 'invalid' })).toBe(1);
    expect(moved('vigil_mfa_verifications_total', { method: 'totp', result: 'success' })).toBe(1);
    for (const stage of ['started', 'verified', 'completed']) expect(moved('vigil_password_resets_total', { stage }), stage).toBe(1);
    expect(moved('vigil_password_resets_total', { stage: 'refused' })).toBe(0);
  });

  it('counts a sign-in the app then owes MFA once at the password, and its amendment to mfaRequired apart', async () => {
    await registerMfa(vigil, (await createTestUser({ username: 'amy' }))._id.toString());
    const before = await scrape();
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ acr_values: MFA_ACR });
    const mfa = await browser.submit(await browser.open(started.url.toString()), 'login', { username: 'amy', password: DEFAULT_PASSWORD });
    expect(mfa.html).toContain('name="code"');

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string> = {}): number => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('vigil_sign_ins_total', { outcome: 'success', risk_level: 'none' })).toBe(1);
    expect(moved('vigil_sign_ins_total', { outcome: 'mfaRequired', risk_level: 'none' })).toBe(0);
    expect(moved('vigil_sign_in_amendments_total', { from: 'success', to: 'mfaRequired' })).toBe(1);
    expect(moved('vigil_policy_decisions_total', { policy: 'client', decision: 'mfa' })).toBe(1);
    // README's final outcomes: success minus the amended, mfaRequired plus them.
    const finalSuccess = moved('vigil_sign_ins_total', { outcome: 'success' }) - moved('vigil_sign_in_amendments_total', { from: 'success' });
    const finalMfa = moved('vigil_sign_ins_total', { outcome: 'mfaRequired' }) + moved('vigil_sign_in_amendments_total', { from: 'success' });
    expect([finalSuccess, finalMfa]).toEqual([0, 1]);

    // A later request of the same sign-in amends nothing again.
    const again = await scrape();
    await browser.open(mfa.url);
    expect(sample(await scrape(), 'vigil_sign_in_amendments_total', { from: 'success', to: 'mfaRequired' })).toBe(sample(again, 'vigil_sign_in_amendments_total', { from: 'success', to: 'mfaRequired' }));
  });

  it('is not served on the public port', async () => {
    const response = await request(vigil.issuer).get('/metrics');
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('vigil_sign_ins_total');
  });

  it('answers 404 to any other path on the metrics port', async () => {
    const response = await fetch(`http://${vigil.settings.metricsHost}:${metricsServer.port}/`);
    expect(response.status).toBe(404);
  });

  it('listens on loopback unless METRICS_HOST says otherwise', () => {
    expect(vigil.settings.metricsHost).toBe('127.0.0.1');
  });
});
