/**
 * Adding an MFA method is its folder and one line in the registry (docs/ARCHITECTURE.md, "An MFA
 * method"), for registration and password reset too: the PIN method defined only in the tests
 * (test/support/fake-mfa-method/), added with one line at the app's start, is offered by the
 * registration interrupt with a button of its own and registered on its page in the wizard, the
 * wizard's reset e-mail step after it (the sign-in's MFA: `pin` in the ID token), and is offered
 * and accepted by the self-service password reset,
 * with its own words, first or after the e-mailed code. (Security info, the MFA step and the
 * admin CLI: test/mfa/method-defined-in-test.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_METHODS } from '../../src/mfa/method-registry.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { policiesYaml } from '../support/policies.ts';
import { PIN_ID, pinMethod, PIN_VIEWS } from '../support/fake-mfa-method/method.ts';
import { pinOf, putPin } from '../support/fake-mfa-method/store.ts';
import { codeFrom, forgotPage, registerResetEmail } from '../support/reset.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const PIN = '24681357';
const NEW_PASSWORD = 'saffron-harbour-quill-88';

// Registration owed to everyone; a reset needs two ways (the e-mailed code and the user's MFA).
const POLICIES = policiesYaml({
  mfaRegistration: '{ state: enabled, include: { users: all }, gracePeriodDays: 14 }',
  sspr: '{ enabledFor: all, methodsRequired: 2, methods: [email, totp] }',
});

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'fakemethodreg', policiesYaml: POLICIES, env: { SMTP_URL: sink.url }, methods: [...BUILT_IN_METHODS, pinMethod], views: PIN_VIEWS });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

function actionsOn(html: string): string[] {
  return formsOf(html).flatMap((form) => form.buttons);
}

function heading(html: string): string | undefined {
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
}

/** A user with a PIN and a reset e-mail (set up in their stores: the reset is what is tested). */
async function userWithPinAndEmail(username: string): Promise<void> {
  const user = await createTestUser({ username });
  await putPin(user._id.toString(), PIN, vigil.clock.now());
  await registerResetEmail(vigil, user._id.toString(), `${username}.reset@example.test`);
}

/** Starts a reset for `username` and returns the page offering the ways to verify. */
async function choosePage(username: string): Promise<{ browser: UserAgent; choose: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const { forgot } = await forgotPage(rp, browser);
  return { browser, choose: await browser.submit(forgot, 'send', { username }) };
}

describe('an MFA method defined in a test: registration and password reset', () => {
  it('the registration interrupt offers it with its own button; its wizard page registers it, and finishing the wizard is the sign-in\'s MFA', async () => {
    const user = await createTestUser({ username: 'noor' });
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const interrupt = await browser.submit(login, 'login', { username: 'noor', password: DEFAULT_PASSWORD });
    expect(actionsOn(interrupt.html)).toEqual(['register', 'register-passkey', 'register-pin', 'skip']);
    expect(interrupt.html).toContain('Use a PIN instead');

    const pinPage = await browser.submit(interrupt, 'register-pin');
    expect(heading(pinPage.html)).toBe('Choose a PIN');
    // Its page offers "Do it later" during the grace period, as the app's and the passkey's do.
    expect(actionsOn(pinPage.html)).toEqual(['set-pin', 'skip']);
    const refused = await browser.submit(pinPage, 'set-pin', { pin: '123' });
    expect(refused.status).toBe(400);
    expect(await pinOf(user._id.toString())).toBeNull();

    // The wizard goes on to its own optional reset e-mail step; skipping it finishes registration.
    const emailStep = await browser.submit(refused, 'set-pin', { pin: PIN });
    expect(emailStep.html).toContain('autocomplete="email"');
    expect(await pinOf(user._id.toString())).not.toBeNull();
    const done = await browser.submit(emailStep, 'skip');
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'pin', 'mfa']);
    expect(claims?.acr).toBe(MFA_ACR);

    // Registered: the next sign-in is not interrupted.
    const again = await rp.start();
    const other = new UserAgent(vigil.issuer);
    const next = await other.submit(await other.open(again.url.toString()), 'login', { username: 'noor', password: DEFAULT_PASSWORD });
    expect(next.url).toContain('callback?code=');
  });

  it('the password reset offers it and asks for it with its own words; a wrong PIN is refused, the right one counts as the MFA', async () => {
    await userWithPinAndEmail('remy');
    const { browser, choose } = await choosePage('remy');
    expect(formsOf(choose.html)[0]?.fields).toHaveProperty('method');
    expect(choose.html).toContain(`value="${PIN_ID}"`);
    expect(choose.html).toContain('Use my PIN');

    const verify = await browser.submit(choose, 'choose', { method: PIN_ID });
    expect(heading(verify.html)).toBe('Enter your PIN');
    expect(verify.html).toContain('Enter the 8-digit PIN you chose for this account.');
    expect(verify.html).toContain('Your 8-digit PIN');
    // A code form of digits: the typed code's box, no ceremony.
    expect(verify.html).toContain('inputmode="numeric"');
    expect(verify.html).not.toContain('data-ceremony');

    const wrong = await browser.submit(verify, 'verify', { code: '13572468' });
    expect(wrong.status).toBe(401);
    expect(heading(wrong.html)).toBe('Enter your PIN');

    // The PIN is the account's MFA; the account also needs its e-mailed code, asked for next.
    sink.clear();
    const next = await browser.submit(wrong, 'verify', { code: PIN });
    expect(next.html).toContain('Your account also needs a code sent by e-mail');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('remy.reset@example.test') && /reset/i.test(m.subject));
    const newPassword = await browser.submit(next, 'verify', { code: codeFrom(mail.text) });
    expect(newPassword.html).toContain('autocomplete="new-password"');
    const back = await browser.submit(newPassword, 'reset', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(back.html).toContain('Your password was changed. Sign in with your new password.');
  });

  it('after the e-mailed code, the reset asks for the PIN (the MFA the account has) and accepts it', async () => {
    await userWithPinAndEmail('sami');
    const { browser, choose } = await choosePage('sami');
    sink.clear();
    const emailed = await browser.submit(choose, 'choose', { method: 'email' });
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('sami.reset@example.test') && /reset/i.test(m.subject));
    const pinNext = await browser.submit(emailed, 'verify', { code: codeFrom(mail.text) });
    expect(heading(pinNext.html)).toBe('Enter your PIN');
    expect(pinNext.html).toContain('Thank you. Your account also needs your PIN.');
    expect(pinNext.html).toContain('Your 8-digit PIN');

    const newPassword = await browser.submit(pinNext, 'verify', { code: PIN });
    expect(newPassword.html).toContain('autocomplete="new-password"');
    const back = await browser.submit(newPassword, 'reset', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(back.html).toContain('Sign in with your new password');
    const done = await browser.submit(back, 'login', { username: 'sami', password: NEW_PASSWORD });
    expect(done.url).toContain('callback?code=');
  });
});
