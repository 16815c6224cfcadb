import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { Authenticator } from '../../src/mfa/authenticator.ts';
import { User } from '../../src/users/user.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, TEST_CLIENTS_YAML, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, secretFromPage, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { groups: [staff] }, gracePeriodDays: 14 }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;

/** An app that declares its home page (client_uri), so security info can link back to it. */
const PORTAL_CLIENT = `
- client_id: portal
  client_name: Staff Portal
  client_secret: portal-secret-0123456789abcdef
  redirect_uris: [http://portal.example.test/callback]
  client_uri: https://portal.example.test/home
  first_party: true
`;

let vigil: TestApp;
let sink: SmtpSink;
let aliceMfa: RegisteredMfa;
let bobMfa: RegisteredMfa;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'secinfo', policiesYaml: POLICIES, env: { SMTP_URL: sink.url }, clientsYaml: TEST_CLIENTS_YAML + PORTAL_CLIENT });
  const alice = await createTestUser({ username: 'alice', groups: ['staff'] });
  const bob = await createTestUser({ username: 'bob' });
  await createTestUser({ username: 'carol' });
  aliceMfa = await registerMfa(vigil, alice._id.toString());
  bobMfa = await registerMfa(vigil, bob._id.toString());
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function openSecurityInfo(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open('/security-info');
  expect(login.html).toContain('autocomplete="current-password"');
  const page = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(page.html).toContain('Security info');
  return { browser, page };
}

async function verifyWithTotp(browser: UserAgent, page: Page, mfa: RegisteredMfa): Promise<Page> {
  nextStep(vigil);
  return browser.submit(page, 'verify', { code: totpNow(vigil, mfa.secret) });
}

describe('security info page', () => {
  it('lists methods with when they were added and last used, and asks for a fresh MFA before changes', async () => {
    const { browser, page } = await openSecurityInfo('alice');
    expect(page.html).toContain('Authenticator app');
    expect(page.html).toContain('10 of 10 left');
    expect(page.html).toContain('Never');
    expect(formsOf(page.html).flatMap((f) => f.buttons)).not.toContain('remove');
    const wrong = await browser.submit(page, 'verify', { code: '000000' });
    expect(wrong.status).toBe(401);
    const fresh = await verifyWithTotp(browser, wrong, aliceMfa);
    expect(formsOf(fresh.html).flatMap((f) => f.buttons)).toEqual(expect.arrayContaining(['remove', 'register', 'regenerate']));
  });

  it('does not let a user remove their only app while the registration policy requires MFA', async () => {
    const { browser, page } = await openSecurityInfo('alice');
    const fresh = await verifyWithTotp(browser, page, aliceMfa);
    const form = formsOf(fresh.html).find((f) => f.buttons.includes('remove'));
    const alice = await User.findOne({ username: 'alice' }).lean();
    const app = await Authenticator.findOne({ userId: alice?._id.toString(), type: 'totp' }).lean();
    expect(form).toBeTruthy();
    const refused = await browser.post('/security-info/methods', { csrf: form?.fields.csrf ?? '', action: 'remove', method: app?._id.toString() ?? '', confirmed: 'yes' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('cannot remove your only authenticator app');
    expect(await Authenticator.countDocuments({ userId: alice?._id.toString(), type: 'totp' })).toBe(1);
  });

  it('regenerates recovery codes: new codes shown once, old ones stop working, the user is e-mailed', async () => {
    const { browser, page } = await openSecurityInfo('bob');
    const fresh = await verifyWithTotp(browser, page, bobMfa);
    const regenerated = await browser.submit(fresh, 'regenerate');
    const codes = [...regenerated.html.matchAll(/<li>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/li>/g)].map((m) => m[1] ?? '');
    expect(codes).toHaveLength(10);
    expect(codes).not.toContain(bobMfa.recoveryCodes[0]);
    await sink.waitFor((m) => m.envelopeTo.includes('bob@example.test') && /recovery codes/i.test(m.subject));

    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const started = await rp.start({ acr_values: MFA_ACR });
    const other = new UserAgent(vigil.issuer);
    const login = await other.open(started.url.toString());
    const mfaPage = await other.submit(login, 'login', { username: 'bob', password: DEFAULT_PASSWORD });
    const old = await other.submit(mfaPage, 'verify', { code: bobMfa.recoveryCodes[0] ?? '' });
    expect(old.status).toBe(401);
    const fresh2 = await other.submit(old, 'verify', { code: codes[0] ?? '' });
    expect(fresh2.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });

  it('replaces the authenticator app through the wizard and removes a method when no policy needs it', async () => {
    const { browser, page } = await openSecurityInfo('bob');
    const fresh = await verifyWithTotp(browser, page, bobMfa);
    const wizard = await browser.submit(fresh, 'register');
    const secret = secretFromPage(wizard.html);
    nextStep(vigil);
    const recovery = await browser.submit(wizard, 'verify', { code: totpNow(vigil, secret) });
    expect(recovery.html).toContain('recovery-codes');
    const emailStep = await browser.submit(recovery, 'confirm');
    const done = await browser.submit(emailStep, 'skip');
    // Replacing says what happened to the old app and its codes, on the page and in the mail.
    expect(recovery.html).toContain('Your previous authenticator app and its recovery codes no longer work.');
    expect(done.html).toContain('Your new authenticator app is set up. Your previous app and its recovery codes no longer work.');
    const replacedMail = await sink.waitFor((m) => m.envelopeTo.includes('bob@example.test') && /replaced/i.test(m.subject));
    expect(replacedMail.text).toContain('previous recovery codes no longer work');
    expect(replacedMail.subject).not.toMatch(/added/i);
    const bob = await User.findOne({ username: 'bob' }).lean();
    const apps = await Authenticator.find({ userId: bob?._id.toString(), type: 'totp' }).lean();
    expect(apps).toHaveLength(1);
    expect(vigil.app.services.secretBox.open(apps[0]?.sealedSecret ?? '', `totp:${bob?._id.toString()}`)).toBe(secret);

    const removeForm = formsOf(done.html).find((f) => f.buttons.includes('remove'));
    // "Remove" asks first and removes nothing until confirmed; Cancel goes back to the list.
    const asked = await browser.post('/security-info/methods', { csrf: removeForm?.fields.csrf ?? '', action: 'remove', method: apps[0]?._id.toString() ?? '' });
    expect(asked.html).toContain('<h1>Remove Authenticator app?</h1>');
    expect(asked.html).toContain('its recovery codes will stop working too');
    expect(asked.html).toMatch(/<a class="secondary" href="\/security-info" id="cancel">Cancel<\/a>/);
    expect(await Authenticator.countDocuments({ userId: bob?._id.toString(), type: 'totp' })).toBe(1);
    const removed = await browser.submit(asked, 'remove');
    expect(removed.html).toContain('The method was removed.');
    expect(await Authenticator.countDocuments({ userId: bob?._id.toString(), type: { $in: ['totp', 'recovery'] } })).toBe(0);
    await sink.waitFor((m) => m.envelopeTo.includes('bob@example.test') && /removed/i.test(m.subject));
  });

  it('a proof of identity goes stale after a few minutes', async () => {
    const { browser, page } = await openSecurityInfo('alice');
    const fresh = await verifyWithTotp(browser, page, aliceMfa);
    vigil.clock.advance(6 * MINUTE);
    const stale = await browser.submit(fresh, 'regenerate');
    expect(stale.status).toBe(403);
    expect(stale.html).toContain('Confirm it is you');
  });

  it('a password-only user re-enters the password to make changes; forms need the CSRF token', async () => {
    const { browser, page } = await openSecurityInfo('carol');
    expect(page.html).toContain('You have no verification methods yet.');
    expect(formsOf(page.html).flatMap((f) => f.buttons)).toContain('register');
    vigil.clock.advance(6 * MINUTE);
    const stale = await browser.open('/security-info');
    expect(stale.html).toContain('enter your current password');
    const forged = await browser.submit(stale, 'verify', { password: DEFAULT_PASSWORD }, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    const fresh = await browser.submit(stale, 'verify', { password: DEFAULT_PASSWORD });
    expect(formsOf(fresh.html).flatMap((f) => f.buttons)).toContain('register');
  });

  it('ways out: Cancel on change password, the app step links back, sign-out lands on a page with a way back in', async () => {
    const { browser, page } = await openSecurityInfo('carol');
    const password = await browser.open('/security-info/password');
    expect(password.html).toMatch(/<a class="secondary" href="\/security-info" id="cancel">Cancel<\/a>/);
    // A wrong current password marks that field only, and says so in the title and a summary.
    const wrong = await browser.submit(password, 'change', { current: 'not-the-password', password: 'a-new-long-passphrase-here', confirm: 'a-new-long-passphrase-here' });
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('<title>Error: Choose a new password');
    expect(wrong.html).toMatch(/<div class="error-summary"[^>]*role="alert"[^>]*tabindex="-1"[^>]*autofocus/);
    expect(wrong.html).toContain('<a href="#current">Your current password is not correct.</a>');
    expect(/<input id="current"[^>]*>/.exec(wrong.html)?.[0]).toMatch(/aria-invalid="true" aria-describedby="current-error"/);
    expect(/<input id="password"[^>]*>/.exec(wrong.html)?.[0]).not.toContain('aria-invalid');
    expect(/<input id="confirm"[^>]*>/.exec(wrong.html)?.[0]).not.toContain('aria-invalid');
    expect(wrong.html).not.toContain('value="not-the-password"');

    const wizard = await browser.submit(page, 'register');
    expect(wizard.html).toMatch(/<a class="link" href="\/security-info">Back to security info<\/a>/);
    expect(formsOf(wizard.html).flatMap((f) => f.buttons)).toEqual(['verify']);

    const out = await browser.submit(await browser.open('/security-info'), 'signout');
    expect(out.url).toBe(`${vigil.issuer}/security-info/signed-out`);
    expect(out.html).toContain('<h1>You signed out of security info</h1>');
    expect(out.html).toContain('<a class="link" href="/security-info" id="sign-in-again">Sign in to security info again</a>');
    const again = await browser.open('/security-info');
    expect(again.html).toContain('<h1>Security info</h1>');

    const home = await browser.open('/');
    expect(home.html).not.toContain('Vigil is running');
    expect(home.html).toContain('href="/security-info"');
  });

  it('"Back to the app": an app that sends the user here with its client_id is linked back to, by its registered home page only', async () => {
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.open('/security-info?client_id=portal');
    const page = await browser.submit(login, 'login', { username: 'carol', password: DEFAULT_PASSWORD });
    expect(page.html).toContain('<a class="link" href="https://portal.example.test/home" id="back-to-app">Back to Staff Portal</a>');
    const out = await browser.submit(page, 'signout');
    expect(out.html).toContain('<a class="link" href="https://portal.example.test/home" id="back-to-app">Back to Staff Portal</a>');

    // A client without client_uri, or no client at all: no link (and never a URL from the request).
    for (const query of [`client_id=${WEB_CLIENT.id}`, 'client_id=nobody', 'client_uri=https://evil.example.test/']) {
      const other = new UserAgent(vigil.issuer);
      const otherLogin = await other.open(`/security-info?${query}`);
      const otherPage = await other.submit(otherLogin, 'login', { username: 'carol', password: DEFAULT_PASSWORD });
      expect(otherPage.html, query).toContain('<h1>Security info</h1>');
      expect(otherPage.html, query).not.toContain('id="back-to-app"');
    }
  });
});
