/**
 * The registration wizard's ways out over real HTTP: skipping the optional e-mail step finishes
 * registration (it used to be taken as the prompt's skip, which sent the user through the
 * registration again, forever), "Do it later" on the app step during the grace period, and
 * "Change address" on the e-mail code page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../../src/auth/totp.ts';
import { DAY } from '../../src/clock.ts';
import { Authenticator } from '../../src/models/authenticator.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, secretFromPage } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled }
userRisk: { state: disabled }
`;

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'mfaexits', policiesYaml: POLICIES, env: { SMTP_URL: sink.url } });
  for (const username of ['skipper', 'skipcode', 'later', 'overdue', 'mover']) await createTestUser({ username });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

function actionsOn(html: string): string[] {
  return formsOf(html).flatMap((form) => form.buttons);
}

async function signIn(username: string) {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

/** From the interrupt through the app and the recovery codes to the optional e-mail step. */
async function toEmailStep(browser: UserAgent, interrupt: Page): Promise<Page> {
  const totpPage = await browser.submit(interrupt, 'register');
  nextStep(vigil);
  const recovery = await browser.submit(totpPage, 'verify', { code: currentTotpCode(secretFromPage(totpPage.html), vigil.clock.now()) });
  expect(recovery.html).toContain('id="recovery-codes"');
  const email = await browser.submit(recovery, 'confirm');
  expect(email.html).toContain('autocomplete="email"');
  return email;
}

describe('registration wizard: skipping the optional e-mail step', () => {
  it('finishes registration and returns to the app with MFA', async () => {
    const { browser, started, next } = await signIn('skipper');
    const email = await toEmailStep(browser, next);
    const skipped = await browser.submit(email, 'skip');
    expect(skipped.html).not.toContain('grace period has ended');
    expect(skipped.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const claims = (await rp.finish(skipped.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims?.acr).toBe(MFA_ACR);
    const types = (await Authenticator.find({ userId: claims?.sub }).lean()).map((m) => m.type).sort();
    expect(types).toEqual(['recovery', 'totp']);
  });

  it('also from the e-mail code page, after the grace period too', async () => {
    const { next: interrupt } = await signIn('skipcode');
    expect(actionsOn(interrupt.html)).toContain('skip');
    vigil.clock.advance(15 * DAY);
    const { browser, started, next } = await signIn('skipcode');
    expect(actionsOn(next.html)).toEqual(['register']);
    const email = await toEmailStep(browser, next);
    const codePage = await browser.submit(email, 'send', { email: 'skipcode.reset@example.test' });
    expect(actionsOn(codePage.html)).toContain('skip');
    const skipped = await browser.submit(codePage, 'skip');
    expect(skipped.url).toMatch(/^http:\/\/rp\.test\/callback/);
    expect((await rp.finish(skipped.url, started)).claims()?.acr).toBe(MFA_ACR);
  });
});
