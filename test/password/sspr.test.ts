import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as oidc from 'openid-client';
import { MINUTE } from '../../src/clock.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { codeFrom, forgotPage, registerResetEmail, resetCodePage, SSPR_POLICIES, type ResetWay } from '../support/reset.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = SSPR_POLICIES;
const NEW_PASSWORD = 'saffron-harbour-quill-88';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
let leeMfa: RegisteredMfa;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'sspr', policiesYaml: POLICIES, env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' } });
  for (const username of ['kim', 'kat', 'kai', 'ken', 'kip']) {
    const user = await createTestUser({ username });
    await registerResetEmail(vigil, user._id.toString(), `${username}.reset@example.test`);
  }
  const lee = await createTestUser({ username: 'lee' });
  await registerResetEmail(vigil, lee._id.toString(), 'lee.reset@example.test');
  leeMfa = await registerMfa(vigil, lee._id.toString());
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

function errorOn(page: Page): string | undefined {
  return /<p class="error[^"]*"[^>]*>(?:<span class="visually-hidden">[^<]*<\/span>)?([^<]*)<\/p>/.exec(page.html)?.[1];
}

async function identify(username: string, browser = new UserAgent(vigil.issuer), method: ResetWay = 'email') {
  const verify = await resetCodePage(rp, browser, username, method);
  return { browser, verify };
}

async function mailedCode(address: string): Promise<string> {
  const mail = await sink.waitFor((m) => m.envelopeTo.includes(address) && /reset/i.test(m.subject));
  sink.clear();
  return codeFrom(mail.text);
}

async function browser0(relyingParty: RelyingParty, username: string): Promise<Page> {
  const browser = new UserAgent(vigil.issuer);
  const { forgot } = await forgotPage(relyingParty, browser);
  return browser.submit(forgot, 'send', { username });
}

describe('self-service password reset', () => {
  it('answers the same for an unknown and a known account; only the known one gets a code', async () => {
    sink.clear();
    const strip0 = (html: string) => html.replace(/\/interaction\/[^/"]+/g, '').replace(/value="[^"]{20,}"/g, '');
    const chooseKnown = await browser0(rp, 'kim');
    const chooseUnknown = await browser0(rp, 'nobody-at-all');
    expect(strip0(chooseKnown.html)).toBe(strip0(chooseUnknown.html));
    expect(chooseKnown.html).toContain('name="method" value="email"');
    const known = await identify('kim');
    const unknown = await identify('nobody-at-all');
    const strip = (html: string) => html.replace(/\/interaction\/[^/"]+/g, '').replace(/value="[^"]*"/g, '');
    expect(known.verify.status).toBe(unknown.verify.status);
    expect(strip(known.verify.html)).toBe(strip(unknown.verify.html));
    await mailedCode('kim.reset@example.test');
    expect(sink.messages).toHaveLength(0);
  });

  it('resets with the e-mailed code, ends old sessions and tokens, mails a notice, and returns to the sign-in of the same request', async () => {
    const earlier = new UserAgent(vigil.issuer);
    const before = await rp.start();
    const loginBefore = await earlier.open(before.url.toString());
    const signedIn = await earlier.submit(loginBefore, 'login', { username: 'kat', password: DEFAULT_PASSWORD });
    const oldTokens = await rp.finish(signedIn.url, before);

    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const forgot = await browser.open(/href="(\/interaction\/[^"]+\/forgot)"/.exec(login.html)?.[1] ?? '');
    const choose = await browser.submit(forgot, 'send', { username: 'KAT' });
    const verify = await browser.submit(choose, 'choose', { method: 'email' });
    const code = await mailedCode('kat.reset@example.test');
    const newPassword = await browser.submit(verify, 'verify', { code });
    expect(newPassword.html).toContain('autocomplete="new-password"');
    expect(newPassword.html).toMatch(/value="reset"/);
    const weak = await browser.submit(newPassword, 'reset', { password: 'password', confirm: 'password' });
    expect(weak.status).toBe(400);
    const back = await browser.submit(weak, 'reset', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(back.html).toContain('Your password was changed. Sign in with your new password.');
    expect(back.html).toContain('autocomplete="current-password"');
    const done = await browser.submit(back, 'login', { username: 'kat', password: NEW_PASSWORD });
    expect((await rp.finish(done.url, started)).claims()?.preferred_username).toBe('kat');

    await sink.waitFor((m) => m.envelopeTo.includes('kat@example.test') && /password was changed|changed/i.test(m.subject));
    await expect(oidc.refreshTokenGrant(rp.config, oldTokens.refresh_token ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
    const silent = await rp.start({ prompt: 'none' });
    expect(new URL((await earlier.open(silent.url.toString())).url).searchParams.get('error')).toBe('login_required');
  });

  it('a reset from a signed-in browser asked to sign in again (prompt=login) returns to that sign-in, not to an expired one', async () => {
    const browser = new UserAgent(vigil.issuer);
    const first = await rp.start();
    const signedIn = await browser.submit(await browser.open(first.url.toString()), 'login', { username: 'ken', password: DEFAULT_PASSWORD });
    expect(signedIn.url).toContain('callback?code=');
    const again = await rp.start({ prompt: 'login' });
    const login = await browser.open(again.url.toString());
    const forgot = await browser.open(/href="(\/interaction\/[^"]+\/forgot)"/.exec(login.html)?.[1] ?? '');
    const choose = await browser.submit(forgot, 'send', { username: 'ken' });
    const verify = await browser.submit(choose, 'choose', { method: 'email' });
    const newPassword = await browser.submit(verify, 'verify', { code: await mailedCode('ken.reset@example.test') });
    const back = await browser.submit(newPassword, 'reset', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(back.html).toContain('Your password was changed. Sign in with your new password.');
    const done = await browser.submit(back, 'login', { username: 'ken', password: NEW_PASSWORD });
    expect(done.url).toContain('callback?code=');
    expect((await rp.finish(done.url, again)).claims()?.preferred_username).toBe('ken');
  });

  it('a user with MFA must verify the authenticator app: choosing e-mail sends nothing, and the page says what to do', async () => {
    sink.clear();
    const { browser, verify } = await identify('lee');
    expect(verify.html).toContain('If this account can reset its password with an e-mailed code');
    expect(verify.html).toContain('An account with an authenticator app gets no e-mail here');
    const emailed = await browser.submit(verify, 'send');
    expect(emailed.html).toContain('If this account can reset its password with an e-mailed code, we sent a new one just now');
    const choose = await browser.submit(emailed, 'other');
    const appPage = await browser.submit(choose, 'choose', { method: 'totp' });
    expect(appPage.html).toContain('inputmode="numeric"');
    const wrong = await browser.submit(appPage, 'verify', { code: '000000' === totpNow(vigil, leeMfa.secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    nextStep(vigil);
    const newPassword = await browser.submit(wrong, 'verify', { code: totpNow(vigil, leeMfa.secret) });
    expect(newPassword.html).toContain('autocomplete="new-password"');
    await new Promise((done) => setTimeout(done, 200));
    expect(sink.messages.find((m) => m.envelopeTo.includes('lee.reset@example.test'))).toBeUndefined();
  });

  it('"I lost my phone": a recovery code counts as the app, once, and the user is told it was used', async () => {
    sink.clear();
    const { browser, verify } = await identify('lee', new UserAgent(vigil.issuer), 'recovery');
    expect(verify.html).toContain('Enter a recovery code');
    const code = leeMfa.recoveryCodes[0] ?? '';
    const newPassword = await browser.submit(verify, 'verify', { code });
    expect(newPassword.html).toContain('autocomplete="new-password"');
    await sink.waitFor((m) => m.envelopeTo.includes('lee@example.test') && /recovery code/i.test(m.subject));
    const again = await identify('lee', new UserAgent(vigil.issuer), 'recovery');
    expect((await again.browser.submit(again.verify, 'verify', { code })).status).toBe(401);
  });

  it('an e-mailed code expires after 10 minutes, works once, and a new request replaces it', async () => {
    const first = await identify('kai');
    const expiring = await mailedCode('kai.reset@example.test');
    vigil.clock.advance(11 * MINUTE);
    const expired = await first.browser.submit(first.verify, 'verify', { code: expiring });
    expect(errorOn(expired)).toBe('That code is not valid.');

    const resent = await first.browser.submit(expired, 'send');
    const fresh = await mailedCode('kai.reset@example.test');
    const replaced = await first.browser.submit(resent, 'verify', { code: expiring });
    expect(replaced.status).toBe(401);
    const ok = await first.browser.submit(replaced, 'verify', { code: fresh });
    expect(ok.html).toContain('autocomplete="new-password"');

    const second = await identify('kai');
    await mailedCode('kai.reset@example.test');
    const reused = await second.browser.submit(second.verify, 'verify', { code: fresh });
    expect(reused.status).toBe(401);
  });

  it('the same code submitted twice at once passes once', async () => {
    const { browser, verify } = await identify('ken');
    const code = await mailedCode('ken.reset@example.test');
    const results = await Promise.all([browser.submit(verify, 'verify', { code }), browser.submit(verify, 'verify', { code })]);
    expect(results.filter((page) => page.html.includes('autocomplete="new-password"'))).toHaveLength(1);
  });

  it('five wrong codes end the flow (brute force)', async () => {
    const { browser, verify } = await identify('kip');
    const real = await mailedCode('kip.reset@example.test');
    let page = verify;
    for (let i = 0; i < 5; i += 1) page = await browser.submit(page, 'verify', { code: String((Number(real) + 1 + i) % 1_000_000).padStart(6, '0') });
    expect(page.html).toContain('Too many wrong codes. Start again.');
    const late = await browser.post(`${/action="(\/interaction\/[^/]+)\/forgot"/.exec(page.html)?.[1] ?? ''}/forgot/verify`, { csrf: /name="csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '', action: 'verify', code: real });
    expect(late.html).not.toContain('autocomplete="new-password"');
  });

  it('never puts a poisoned Host or X-Forwarded-Host into the mail', async () => {
    sink.clear();
    const browser = new UserAgent(vigil.issuer);
    const { forgot } = await forgotPage(rp, browser);
    browser.headers = { 'X-Forwarded-Host': 'evil.example', Host: 'evil.example' };
    await browser.submit(await browser.submit(forgot, 'send', { username: 'kim' }), 'choose', { method: 'email' });
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('kim.reset@example.test'));
    expect(mail.text + mail.html).not.toContain('evil.example');
  });

  it('throttles reset requests per account and source address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const browser = new UserAgent(vigil.issuer);
      browser.headers = { 'X-Forwarded-For': '198.51.100.200' };
      const { forgot } = await forgotPage(rp, browser);
      statuses.push((await browser.submit(forgot, 'send', { username: 'throttled-name' })).status);
    }
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses[5]).toBe(429);
  });

  it('the choice of method takes only the offered values: anything else gets the choice page again with a 400, never a 5xx', async () => {
    const browser = new UserAgent(vigil.issuer);
    const { forgot } = await forgotPage(rp, browser);
    const choose = await browser.submit(forgot, 'send', { username: 'kim' });
    const form = formWithButton(choose.html, 'choose');
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.string(), fc.constantFrom('', 'EMAIL', 'sms', 'email ', '__proto__', 'constructor')),
      fc.constantFrom('method', 'method[$ne]', 'method[]', 'method[0]'),
      async (value, name) => {
        fc.pre(!(name === 'method' && ['email', 'totp', 'recovery', 'passkey'].includes(value)));
        const page = await browser.post(form.action, { csrf: form.fields.csrf ?? '', action: 'choose', [name]: value });
        expect(page.status).toBe(400);
        expect(page.html).toContain('Choose how you want to verify it is you.');
      },
    ), { numRuns: 40 });
  });
});
