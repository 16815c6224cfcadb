import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotpCode } from '../../src/mfa/totp/totp.ts';
import { DAY } from '../../src/clock.ts';
import { Authenticator } from '../../src/mfa/authenticator.ts';
import { RegistrationFlow } from '../../src/mfa/registration-flow-record.ts';
import { User } from '../../src/users/user.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { nextStep, secretFromPage } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { SoftwareAuthenticator } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration:
  state: enabled
  include: { users: all }
  exclude: { users: [breakglass], groups: [contractors] }
  gracePeriodDays: 14
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'mfareg', policiesYaml: POLICIES, env: { SMTP_URL: sink.url } });
  for (const username of ['grace', 'late', 'wizard', 'tabs', 'extend', 'skipper', 'skipcode', 'later', 'overdue', 'mover', 'chooser', 'olden']) await createTestUser({ username });
  await createTestUser({ username: 'breakglass' });
  await createTestUser({ username: 'contractor', groups: ['contractors'] });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function signIn(username: string, params: Record<string, string> = {}, browser = new UserAgent(vigil.issuer)) {
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

function countdown(html: string): string | undefined {
  return /id="countdown"><strong>([^<]*)</.exec(html)?.[1];
}

function actionsOn(html: string): string[] {
  return formsOf(html).flatMap((form) => form.buttons);
}

describe('MFA registration policy', () => {
  it('interrupts the first sign-in with a countdown; skip goes on to the app', async () => {
    const { browser, started, next } = await signIn('grace');
    expect(countdown(next.html)).toBe('You can skip this for 14 more days.');
    expect(actionsOn(next.html)).toEqual(['register', 'register-passkey', 'skip']);
    const skipped = await browser.submit(next, 'skip');
    const claims = (await rp.finish(skipped.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd']);

    const again = await rp.start();
    const silent = await browser.open(again.url.toString());
    expect(silent.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });

  it('counts down from the first sign-in under the policy, and requires registration after the grace period', async () => {
    const first = await signIn('late');
    expect(countdown(first.next.html)).toBe('You can skip this for 14 more days.');
    vigil.clock.advance(10 * DAY);
    const tenDays = await signIn('late');
    expect(countdown(tenDays.next.html)).toBe('You can skip this for 4 more days.');
    vigil.clock.advance(4 * DAY - 60_000);
    const lastDay = await signIn('late');
    expect(countdown(lastDay.next.html)).toBe('You can skip this for 1 more day.');
    vigil.clock.advance(60_000);
    const after = await signIn('late');
    expect(countdown(after.next.html)).toContain('grace period has ended');
    expect(actionsOn(after.next.html)).toEqual(['register', 'register-passkey']);
    const forcedSkip = await after.browser.submit(after.next, 'register', {}, { action: 'skip' });
    expect(forcedSkip.html).toContain('grace period has ended');
    expect(forcedSkip.url).not.toMatch(/rp\.test/);
  });

  it('registers TOTP, recovery codes and a reset e-mail in one pass, then reports MFA to the app', async () => {
    const { browser, started, next } = await signIn('wizard');
    const totpPage = await browser.submit(next, 'register');
    expect(totpPage.html).toMatch(/<img class="qr" src="data:image\/png;base64,/);
    expect(totpPage.html).toMatch(/href="otpauth:\/\/totp\/[^"]*wizard[^"]*secret=[A-Z2-7]+[^"]*issuer=Vigil/);
    const secret = secretFromPage(totpPage.html);

    const bad = await browser.submit(totpPage, 'verify', { code: currentTotpCode(secret, vigil.clock.now()) === '123456' ? '654321' : '123456' });
    expect(bad.status).toBe(400);
    expect(await Authenticator.countDocuments({ type: 'totp' })).toBe(0);

    nextStep(vigil);
    const recoveryPage = await browser.submit(bad, 'verify', { code: currentTotpCode(secret, vigil.clock.now()) });
    const codes = [...recoveryPage.html.matchAll(/<li>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/li>/g)].map((m) => m[1]);
    expect(codes).toHaveLength(10);
    await sink.waitFor((m) => m.envelopeTo.includes('wizard@example.test') && /added/i.test(m.subject));

    const emailPage = await browser.submit(recoveryPage, 'confirm');
    expect(emailPage.html).toContain('autocomplete="email"');
    const codePage = await browser.submit(emailPage, 'send', { email: 'wizard.reset@example.test' });
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('wizard.reset@example.test'));
    const emailed = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    expect(emailed).toMatch(/^\d{6}$/);
    const wrong = await browser.submit(codePage, 'verify', { code: emailed === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    const done = await browser.submit(wrong, 'verify', { code: emailed });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims?.acr).toBe(MFA_ACR);
    const methods = await Authenticator.find({ userId: claims?.sub }).lean();
    expect(methods.map((m) => m.type).sort()).toEqual(['email', 'recovery', 'totp']);
    expect(methods.find((m) => m.type === 'email')?.address).toBe('wizard.reset@example.test');
    expect(JSON.stringify(methods)).not.toContain(secret);

    const later = await signIn('wizard');
    expect(later.next.url).toMatch(/^http:\/\/rp\.test\/callback/);

    const reset = await runCli(['mfa', 'reset', 'wizard', '--json'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(JSON.parse(reset.stdout)).toMatchObject({ username: 'wizard', removed: 2 });
    const afterReset = await signIn('wizard');
    expect(countdown(afterReset.next.html)).toBe('You can skip this for 14 more days.');
    // And registers an app again, as the first time (not told another tab got there first).
    const again = await afterReset.browser.submit(afterReset.next, 'register');
    nextStep(vigil);
    const registeredAgain = await afterReset.browser.submit(again, 'verify', { code: currentTotpCode(secretFromPage(again.html), vigil.clock.now()) });
    expect(registeredAgain.html).toContain('recovery-codes');
  });

  it('two tabs enrolling at once: only one app is registered, the other is told to start again', async () => {
    const [a, b] = await Promise.all([signIn('tabs'), signIn('tabs')]);
    const [pageA, pageB] = await Promise.all([a.browser.submit(a.next, 'register'), b.browser.submit(b.next, 'register')]);
    nextStep(vigil);
    const [secretA, secretB] = [secretFromPage(pageA.html), secretFromPage(pageB.html)];
    expect(secretA).not.toBe(secretB);
    const [resultA, resultB] = await Promise.all([
      a.browser.submit(pageA, 'verify', { code: currentTotpCode(secretA, vigil.clock.now()) }),
      b.browser.submit(pageB, 'verify', { code: currentTotpCode(secretB, vigil.clock.now()) }),
    ]);
    const registered = [resultA, resultB].filter((page) => page.html.includes('recovery-codes'));
    expect(registered).toHaveLength(1);
    const restarted = [resultA, resultB].find((page) => !page.html.includes('recovery-codes'));
    expect(restarted?.html).toContain('id="totp-secret"');
    const tabs = await User.findOne({ username: 'tabs' }).lean();
    expect(await Authenticator.countDocuments({ userId: tabs?._id.toString(), type: 'totp' })).toBe(1);
  });

  it('excluded users (by name or group) are never interrupted', async () => {
    for (const username of ['breakglass', 'contractor']) {
      const { next } = await signIn(username);
      expect(next.url, username).toMatch(/^http:\/\/rp\.test\/callback/);
    }
  });

  it('an admin can extend the grace period and see the status', async () => {
    const first = await signIn('extend');
    expect(countdown(first.next.html)).toBe('You can skip this for 14 more days.');
    const extended = await runCli(['mfa', 'extend-grace', 'extend', '--days', '7', '--json'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(extended.code).toBe(0);
    const again = await signIn('extend');
    expect(countdown(again.next.html)).toBe('You can skip this for 21 more days.');
    const status = await runCli(['mfa', 'status', 'extend', '--json'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(JSON.parse(status.stdout)).toMatchObject({ username: 'extend', methods: [], graceExtensionDays: 7 });
    const bad = await runCli(['mfa', 'extend-grace', 'extend', '--days', 'x'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(bad.code).toBe(2);
  });
});

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

describe('registration wizard: a passkey instead of the app', () => {
  it('is offered next to the app under strength mfa, and registering one is the sign-in\'s MFA', async () => {
    const { browser, started, next } = await signIn('chooser');
    const step = await browser.submit(next, 'register-passkey');
    expect(step.html).toContain('Add a passkey or security key');
    const form = formsOf(step.html).find((candidate) => candidate.fields.response !== undefined);
    const path = /data-options="([^"]+)"/.exec(step.html)?.[1] ?? '';
    const options = await browser.agent.post(path).type('form').send({ csrf: form?.fields.csrf ?? '' }).redirects(0);
    const { json } = new SoftwareAuthenticator(new URL(vigil.issuer).origin).create(options.body as never);
    const done = await browser.post(form?.action ?? '', { ...form?.fields, name: 'Phone', response: json });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims).toMatchObject({ acr: MFA_ACR, amr: ['pwd', 'hwk', 'user', 'mfa'] });
  });
});

// The wizard's ways out: skipping the optional e-mail step finishes registration (it used to be
// taken as the prompt's skip, which sent the user through registration again, forever).
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
    expect(actionsOn(next.html)).toEqual(['register', 'register-passkey']);
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

/**
 * A wizard begun before a deploy goes on after it: the flow's states are the methods' ids the
 * records have always stored (`totp`, `recovery`, then `email`), and a record written before flows
 * said which method they register (no `method`) is the app's (src/mfa/registration-flow-record.ts).
 */
describe('registration wizard: a flow written by the code before', () => {
  it('keeps its state names and, without `method`, finishes as the app\'s', async () => {
    const { browser, started, next } = await signIn('olden');
    const totpPage = await browser.submit(next, 'register');
    const userId = (await User.findOne({ username: 'olden' }).lean())?._id.toString();
    const written = await RegistrationFlow.findOne({ userId }).lean();
    expect([written?.state, written?.method]).toEqual(['totp', 'totp']);
    // As the code before wrote it: no `method`.
    await RegistrationFlow.updateOne({ _id: written?._id }, { $unset: { method: 1 } });

    nextStep(vigil);
    const recoveryPage = await browser.submit(totpPage, 'verify', { code: currentTotpCode(secretFromPage(totpPage.html), vigil.clock.now()) });
    expect((await RegistrationFlow.findOne({ userId }).lean())?.state).toBe('recovery');
    const emailPage = await browser.submit(recoveryPage, 'confirm');
    expect((await RegistrationFlow.findOne({ userId }).lean())?.state).toBe('email');
    // Skipping the optional e-mail step belongs to the wizard: registration is complete.
    const done = await browser.submit(emailPage, 'skip');
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'otp', 'mfa']);
  });
});
