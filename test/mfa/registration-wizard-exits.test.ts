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
import { User } from '../../src/models/user.ts';
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
sspr: { enabledFor: none }
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

describe('registration wizard: ways back', () => {
  it('"Do it later" on the app step during the grace period skips to the app; not offered after it', async () => {
    const { browser, started, next } = await signIn('later');
    const totpPage = await browser.submit(next, 'register');
    expect(actionsOn(totpPage.html)).toEqual(['verify', 'skip']);
    expect(totpPage.html).toContain('>Do it later</button>');
    const later = await browser.submit(totpPage, 'skip');
    expect(later.url).toMatch(/^http:\/\/rp\.test\/callback/);
    expect((await rp.finish(later.url, started)).claims()?.amr).toEqual(['pwd']);
    const user = await User.findOne({ username: 'later' }).lean();
    expect(await Authenticator.countDocuments({ userId: user?._id.toString() })).toBe(0);

    await signIn('overdue');
    vigil.clock.advance(15 * DAY);
    const overdue = await signIn('overdue');
    const required = await overdue.browser.submit(overdue.next, 'register');
    expect(actionsOn(required.html)).toEqual(['verify']);
    const forced = await overdue.browser.submit(required, 'verify', {}, { action: 'skip' });
    expect(forced.url).not.toMatch(/rp\.test/);
    expect(forced.html).toContain('grace period has ended');
  });

  it('"Change address" on the e-mail code page goes back to the address; the old code stops working', async () => {
    const { browser, started, next } = await signIn('mover');
    const email = await toEmailStep(browser, next);
    const codePage = await browser.submit(email, 'send', { email: 'typo@example.test' });
    const oldMail = await sink.waitFor((m) => m.envelopeTo.includes('typo@example.test'));
    const oldCode = /\b(\d{6})\b/.exec(oldMail.text)?.[1] ?? '';
    const back = await browser.submit(codePage, 'change');
    expect(back.html).toContain('autocomplete="email"');
    expect(back.html).toContain('value="typo@example.test"');
    const second = await browser.submit(back, 'send', { email: 'mover.reset@example.test' });
    const stale = await browser.submit(second, 'verify', { code: oldCode });
    expect(stale.status).toBe(400);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('mover.reset@example.test'));
    const done = await browser.submit(stale, 'verify', { code: /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '' });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.acr).toBe(MFA_ACR);
    const methods = await Authenticator.find({ userId: claims?.sub, type: 'email' }).lean();
    expect(methods.map((m) => m.address)).toEqual(['mover.reset@example.test']);
  });
});

