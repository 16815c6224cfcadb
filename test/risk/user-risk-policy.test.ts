import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { User } from '../../src/users/user.ts';
import { SignInNotice } from '../../src/notices/sign-in-notice-record.ts';
import { flushSignInNotices, NOTICE_BATCH_MS } from '../../src/notices/sign-in-notice.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: enabled, include: { users: all }, level: high }
sspr: { enabledFor: none }
`;
const LEAKED = 'trustno1';
const NEW_PASSWORD = 'cobalt-meadow-lantern-77';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
let leakyMfa: RegisteredMfa;
let reporterMfa: RegisteredMfa;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'userrisk', policiesYaml: POLICIES, env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' } });
  const leaky = await createTestUser({ username: 'leaky', password: LEAKED });
  leakyMfa = await registerMfa(vigil, leaky._id.toString());
  await createTestUser({ username: 'leakynomfa', password: LEAKED });
  const reporter = await createTestUser({ username: 'reporter' });
  reporterMfa = await registerMfa(vigil, reporter._id.toString());
  await createTestUser({ username: 'steady' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function signIn(username: string, password: string, params: Record<string, string> = {}, browser = new UserAgent(vigil.issuer)) {
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password });
  return { browser, started, next };
}

describe('user risk policy', () => {
  it('a user with leaked credentials does MFA, then a secure password change, and is then no longer at risk', async () => {
    const { browser, started, next } = await signIn('leaky', LEAKED);
    expect(next.html).toContain('Your account security is at risk.');
    nextStep(vigil);
    const change = await browser.submit(next, 'verify', { code: totpNow(vigil, leakyMfa.secret) });
    expect(change.html).toContain('autocomplete="new-password"');
    expect(change.html).toContain('Choose a new password you have not used anywhere else.');
    const done = await browser.submit(change, 'change', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'otp', 'mfa']);
    const userId = (await User.findOne({ username: 'leaky' }).lean())?._id.toString() ?? '';
    expect(await vigil.app.services.risk.userRiskLevel(userId)).toBe('none');

    const later = await signIn('leaky', NEW_PASSWORD);
    expect(later.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });

  it('a user at risk with no MFA method is blocked with a page to contact the admin', async () => {
    const { next } = await signIn('leakynomfa', LEAKED);
    expect(next.status).toBe(403);
    expect(next.html).toContain('Contact your administrator');
  });

  it('"this wasn\'t me": the link in the sign-in mail raises user risk and ends sessions; refresh and prompt=none are refused', async () => {
    const { browser, started, next } = await signIn('reporter', DEFAULT_PASSWORD);
    const tokens = await rp.finish(next.url, started);
    vigil.clock.advance(60_000);
    const attacker = new UserAgent(vigil.issuer);
    attacker.headers = { 'X-Forwarded-For': '202.12.29.1' };
    await signIn('reporter', DEFAULT_PASSWORD, {}, attacker);
    // A new device in an unfamiliar place with no risk found: the notice goes out with the next batch.
    await expect.poll(() => SignInNotice.countDocuments()).toBeGreaterThan(0);
    vigil.clock.advance(NOTICE_BATCH_MS);
    await flushSignInNotices(vigil.app.services);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('reporter@example.test') && /sign-in/i.test(m.subject));
    const link = /(http:\/\/127\.0\.0\.1:\d+\/report\/[A-Za-z0-9._~-]+)/.exec(mail.text)?.[1] ?? '';
    expect(link).not.toBe('');

    const reportBrowser = new UserAgent(vigil.issuer);
    const confirm = await reportBrowser.open(link);
    expect(confirm.html).toContain('Was this you?');
    const reported = await reportBrowser.submit(confirm, 'confirm');
    expect(reported.html).toContain('We signed everyone out of your account.');
    const again = await reportBrowser.submit(confirm, 'confirm');
    expect(again.html).toContain('This sign-in was already reported');

    await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
    const silent = await rp.start({ prompt: 'none' });
    expect(new URL((await browser.open(silent.url.toString())).url).searchParams.get('error')).toBe('login_required');

    const { browser: back, next: mfaPage } = await signIn('reporter', DEFAULT_PASSWORD);
    expect(mfaPage.html).toContain('Your account security is at risk.');
    nextStep(vigil);
    const change = await back.submit(mfaPage, 'verify', { code: totpNow(vigil, reporterMfa.secret) });
    expect(change.html).toContain('autocomplete="new-password"');
  });

  it('refresh tokens stop working and prompt=none is refused while user risk is outstanding', async () => {
    const { browser, started, next } = await signIn('steady', DEFAULT_PASSWORD);
    const tokens = await rp.finish(next.url, started);
    const userId = (await User.findOne({ username: 'steady' }).lean())?._id.toString() ?? '';
    await vigil.app.services.risk.confirmCompromised(userId, 'test');
    await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
    const silent = await rp.start({ prompt: 'none' });
    const refused = await browser.open(silent.url.toString());
    expect(new URL(refused.url).searchParams.get('error')).toBe('interaction_required');
  });
});
