import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR, PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
let mfa: RegisteredMfa;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'signinmfa', env: { SMTP_URL: sink.url } });
  const alice = await createTestUser({ username: 'alice' });
  await createTestUser({ username: 'nomfa' });
  mfa = await registerMfa(vigil, alice._id.toString());
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function passwordStep(params: Record<string, string>, username = 'alice', browser = new UserAgent(vigil.issuer)) {
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

function errorOn(page: Page): string | undefined {
  return /<p class="error[^"]*"[^>]*>(?:<span class="visually-hidden">[^<]*<\/span>)?([^<]*)<\/p>/.exec(page.html)?.[1];
}

/** The fields of the "Use a recovery code" form (its own form, posting `recovery`). */
async function submitRecoveryCode(browser: UserAgent, page: Page, recovery: string): Promise<Page> {
  const form = formsOf(page.html).find((candidate) => 'recovery' in candidate.fields);
  if (!form) throw new Error('no recovery code form on the page');
  return browser.post(form.action, { ...form.fields, recovery, action: 'verify' });
}

describe('MFA at sign-in', () => {
  it('a password-only sign-in reports pwd and the password acr', async () => {
    const { started, next } = await passwordStep({});
    const claims = (await rp.finish(next.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd']);
    expect(claims?.acr).toBe(PASSWORD_ACR);
  });

  it('step-up: acr_values with the MFA acr asks for a code, then reports otp and the MFA acr', async () => {
    const { browser, started, next } = await passwordStep({ acr_values: MFA_ACR });
    expect(next.status).toBe(200);
    expect(next.html).toContain('autocomplete="one-time-code"');
    expect(next.html).toContain('asks for an extra verification step');
    nextStep(vigil);
    const done = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.secret) });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims?.acr).toBe(MFA_ACR);
  });

  it('steps up an existing password-only session without a new password', async () => {
    const { browser, started, next } = await passwordStep({});
    await rp.finish(next.url, started);
    const again = await rp.start({ acr_values: MFA_ACR });
    const page = await browser.open(again.url.toString());
    expect(page.html).toContain('autocomplete="one-time-code"');
    nextStep(vigil);
    const done = await browser.submit(page, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect((await rp.finish(done.url, again)).claims()?.acr).toBe(MFA_ACR);
  });

  it('refuses a wrong code and a replayed code; the same code cannot pass twice even concurrently', async () => {
    const { browser, next } = await passwordStep({ acr_values: MFA_ACR });
    const wrong = await browser.submit(next, 'verify', { code: '000000' === totpNow(vigil, mfa.secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(errorOn(wrong)).toContain('not valid');

    nextStep(vigil);
    const code = totpNow(vigil, mfa.secret);
    const tabs = await Promise.all([passwordStep({ acr_values: MFA_ACR }), passwordStep({ acr_values: MFA_ACR })]);
    const results = await Promise.all(tabs.map((tab) => tab.browser.submit(tab.next, 'verify', { code })));
    const passed = results.filter((r) => r.url.startsWith('http://rp.test/callback'));
    expect(passed).toHaveLength(1);
    const refused = results.find((r) => !r.url.startsWith('http://rp.test/callback'));
    expect(refused && errorOn(refused)).toContain('already used');
  });

  it('accepts a recovery code once, and mails the user that one was used', async () => {
    const recovery = mfa.recoveryCodes[0] ?? '';
    const first = await passwordStep({ acr_values: MFA_ACR });
    const done = await first.browser.submit(first.next, 'verify', { code: recovery.toLowerCase() });
    expect((await rp.finish(done.url, first.started)).claims()?.amr).toContain('otp');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('alice@example.test') && /recovery code/i.test(m.subject));
    expect(mail.text).toMatch(/Codes left\W+9\b/);

    const second = await passwordStep({ acr_values: MFA_ACR });
    const reused = await second.browser.submit(second.next, 'verify', { code: recovery });
    expect(reused.status).toBe(401);
    // A used or unknown recovery code is told as one, on the recovery box, never "check your app".
    expect(errorOn(reused)).toBe('That recovery code is not one of yours or was already used. Each recovery code works once: try another one.');
    const fromBox = await submitRecoveryCode(second.browser, reused, recovery);
    expect(errorOn(fromBox)).toContain('That recovery code is not one of yours or was already used.');
    expect(fromBox.html).toContain('<title>Error: Verify your identity');
    expect(fromBox.html).toMatch(/<details class="recovery" open>/);
    expect(fromBox.html).toMatch(/id="recovery-code"[^>]*aria-describedby="recovery-code-hint recovery-code-error"[^>]*aria-invalid="true"/);
    expect(fromBox.html).not.toMatch(/id="code"[^>]*aria-invalid/);
    expect(fromBox.html).not.toContain('Check your authenticator app');
  });

  it('asks for the app code in a numeric box, with recovery codes behind "Use a recovery code"', async () => {
    const { browser, started, next } = await passwordStep({ acr_values: MFA_ACR });
    const box = /<input id="code"[^>]*>/.exec(next.html)?.[0] ?? '';
    expect(box).toContain('inputmode="numeric"');
    expect(box).toContain('autocomplete="one-time-code"');
    expect(box).toContain('pattern="[0-9 ]*"');
    expect(box).not.toContain('autocapitalize');
    expect(next.html).toMatch(/<details class="recovery">\s*<summary>Use a recovery code<\/summary>/);
    expect(/<input id="recovery-code"[^>]*>/.exec(next.html)?.[0]).toContain('type="text"');
    const recovery = mfa.recoveryCodes[1] ?? '';
    const done = await submitRecoveryCode(browser, next, recovery);
    expect((await rp.finish(done.url, started)).claims()?.amr).toContain('otp');
  });

  it('locks the factor after 5 wrong codes in a row and unlocks when the lock expires', async () => {
    const { browser, next } = await passwordStep({ acr_values: MFA_ACR });
    let page = next;
    for (let i = 0; i < 5; i += 1) page = await browser.submit(page, 'verify', { code: String(100000 + i) });
    expect(page.status).toBe(429);
    expect(errorOn(page)).toMatch(/Try again in \d+ seconds/);
    nextStep(vigil);
    const lockedRight = await browser.submit(page, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(lockedRight.status).toBe(429);
    vigil.clock.advance(2 * 60_000);
    nextStep(vigil);
    const unlocked = await browser.submit(lockedRight, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(unlocked.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });

  it('blocks a user who must do MFA but has no method, with a page to contact the admin', async () => {
    const { browser, next } = await passwordStep({ claims: ESSENTIAL_MFA_CLAIMS }, 'nomfa');
    expect(next.status).toBe(403);
    expect(next.html).toContain('Contact your administrator');
    const back = await browser.submit(next, 'deny');
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');
  });

  it('prompt=none with an unmet MFA requirement returns interaction_required to the app', async () => {
    const { started, next } = await passwordStep({});
    await rp.finish(next.url, started);
    const browser = new UserAgent(vigil.issuer);
    const silent = await rp.start({ prompt: 'none', claims: ESSENTIAL_MFA_CLAIMS });
    const page = await browser.open(silent.url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('login_required');
    const signedIn = await passwordStep({});
    await rp.finish(signedIn.next.url, signedIn.started);
    const silentStepUp = await rp.start({ prompt: 'none', claims: ESSENTIAL_MFA_CLAIMS });
    const refused = await signedIn.browser.open(silentStepUp.url.toString());
    expect(new URL(refused.url).searchParams.get('error')).toBe('interaction_required');
  });
});
