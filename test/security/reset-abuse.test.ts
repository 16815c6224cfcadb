/**
 * A stranger who knows only a username cannot turn the password reset against the user: wrong
 * reset codes never count against the user's authenticator app at sign-in, and guessing through
 * the reset is bounded by the reset's own daily cap per account (README "Self-service password
 * reset": the bound).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.ts';
import { methodOf } from '../../src/mfa/authenticator-store.ts';
import { guessingBound, MAILS_PER_HOUR, VERIFY_PER_DAY } from '../../src/password/reset/limits.ts';
import { startTestApp, TEST_POST_LOGOUT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { codeFrom, forgotPage, registerResetEmail, resetCodePage, SSPR_POLICIES } from '../support/reset.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let sink: SmtpSink;
let rp: RelyingParty;
let mfa: RegisteredMfa;
const UMA_ADDRESS = 'uma.reset@example.test';
let userId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'resetabuse', policiesYaml: SSPR_POLICIES, env: { TRUST_PROXY: 'true', SMTP_URL: sink.url } });
  const uma = await createTestUser({ username: 'uma' });
  await registerResetEmail(vigil, uma._id.toString(), UMA_ADDRESS);
  const user = await createTestUser({ username: 'tess' });
  userId = user._id.toString();
  mfa = await registerMfa(vigil, userId);
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

function wrongCode(): string {
  const right = totpNow(vigil, mfa.secret);
  return right === '000000' ? '111111' : '000000';
}

function browserAt(ip: string): UserAgent {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = { 'X-Forwarded-For': ip };
  return browser;
}

/**
 * Submits `count` wrong codes for `username` (by the app way), starting a new flow as each ends:
 * by default from a new browser at a new address each time, or always from `from` if it is a browser.
 */
async function guessWrong(count: number, from: string | UserAgent = '198.51.100', username = 'tess'): Promise<Page> {
  let page: Page | undefined;
  let browser = new UserAgent(vigil.issuer);
  for (let i = 0; i < count; i += 1) {
    if (!page || !page.html.includes('autocomplete="one-time-code"') || i % 5 === 0) {
      browser = typeof from === 'string' ? browserAt(`${from}.${i + 1}`) : from;
      page = await resetCodePage(rp, browser, username, 'totp');
    }
    page = await browser.submit(page, 'verify', { code: wrongCode() });
  }
  if (!page) throw new Error('no guesses made');
  return page;
}

describe('reset guessing cannot lock the sign-in and is bounded', () => {
  it('wrong reset codes do not count against the app: the real user signs in with a right code', async () => {
    await guessWrong(VERIFY_PER_DAY);
    expect((await methodOf(userId, 'totp'))?.consecutiveFailures ?? 0).toBe(0);

    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ acr_values: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' });
    const login = await browser.open(started.url.toString());
    const mfaPage = await browser.submit(login, 'login', { username: 'tess', password: DEFAULT_PASSWORD });
    expect(mfaPage.status, mfaPage.html.slice(0, 3000)).toBe(200);
    nextStep(vigil);
    const done = await browser.submit(mfaPage, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(done.status).toBe(303);
    expect((await rp.finish(done.url, started)).claims()?.amr).toContain('mfa');
  });

  it(`allows ${VERIFY_PER_DAY} verification attempts per account per UTC day, even a right code after that, from any address`, async () => {
    // 08:00 UTC on the next day: earlier tests spent app codes at the clock's current time.
    vigil.clock.set(new Date(Math.ceil(vigil.clock.now().getTime() / DAY) * DAY + 8 * HOUR));
    const spent = await guessWrong(VERIFY_PER_DAY, '203.0.113');
    expect(spent.status).not.toBe(429);
    const browser = new UserAgent(vigil.issuer);
    browser.headers = { 'X-Forwarded-For': '192.0.2.77' };
    const page = await resetCodePage(rp, browser, 'tess', 'totp');
    nextStep(vigil);
    const refused = await browser.submit(page, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('Too many codes were tried for this account today');

    vigil.clock.advance(DAY);
    const nextDay = await resetCodePage(rp, browser, 'tess', 'totp');
    nextStep(vigil);
    const ok = await browser.submit(nextDay, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(ok.html).toContain('autocomplete="new-password"');
  });

  it('keeps the chance of guessing a code for one account in any 24 hours below 1 in 10,000', () => {
    expect(guessingBound('totp')).toBeLessThan(1e-4);
    expect(guessingBound('email')).toBeLessThan(1e-4);
  });
});

async function settle(): Promise<void> {
  // Mail leaves after the response: wait until the sink has seen everything that was sent.
  let seen = -1;
  while (seen !== sink.messages.length) {
    seen = sink.messages.length;
    await new Promise((done) => setTimeout(done, 300));
  }
}

const newestMailTo = (address: string) => sink.messages.filter((m) => m.envelopeTo.includes(address)).at(-1);

describe('strangers cannot block a reset or flood the mailbox', () => {
  const mailsToUma = () => sink.messages.filter((m) => m.envelopeTo.includes(UMA_ADDRESS)).length;

  it('after resets from five addresses the user\'s own, from her address, still works, and mail to the account stays capped', async () => {
    sink.clear();
    for (let i = 1; i <= 5; i += 1) {
      const stranger = new UserAgent(vigil.issuer);
      stranger.headers = { 'X-Forwarded-For': `198.51.100.${i}` };
      expect((await resetCodePage(rp, stranger, 'uma')).status).toBe(200);
    }
    await settle();
    expect(mailsToUma()).toBe(MAILS_PER_HOUR);

    const uma = new UserAgent(vigil.issuer);
    uma.headers = { 'X-Forwarded-For': '192.0.2.10' };
    const { forgot } = await forgotPage(rp, uma);
    const choose = await uma.submit(forgot, 'send', { username: 'uma' });
    expect(choose.status).toBe(200);
    const verify = await uma.submit(choose, 'choose', { method: 'email' });
    expect(verify.status).toBe(200);
    expect(verify.html).toContain('We did not send another e-mail');
    // The newest code already mailed works in her own reset.
    const newest = newestMailTo(UMA_ADDRESS);
    const done = await uma.submit(verify, 'verify', { code: codeFrom(newest?.text ?? '') });
    expect(done.html).toContain('autocomplete="new-password"');

    for (let i = 6; i <= 25; i += 1) {
      const stranger = new UserAgent(vigil.issuer);
      stranger.headers = { 'X-Forwarded-For': `198.51.100.${i}` };
      await resetCodePage(rp, stranger, 'uma');
    }
    await settle();
    expect(mailsToUma()).toBe(MAILS_PER_HOUR);
  });
});

describe("strangers cannot use up the reset attempts of the user's own browsers", () => {
  const HOME = '192.0.2.50';

  /** A browser the account trusts: it completed a sign-in to the account, then signed out. */
  async function trustedBrowser(username: string): Promise<UserAgent> {
    const browser = browserAt(HOME);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const done = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
    const tokens = await rp.finish(done.url, started);
    const confirm = await browser.post('/session/end', { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: TEST_POST_LOGOUT_URI });
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    expect((await browser.post('/session/end/confirm', { xsrf, logout: 'yes' })).url).toContain(TEST_POST_LOGOUT_URI);
    return browser;
  }

  async function refusedForToday(browser: UserAgent, username: string): Promise<void> {
    const page = await resetCodePage(rp, browser, username, 'totp');
    const refused = await browser.submit(page, 'verify', { code: '123456' });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('Too many codes were tried for this account today');
  }

  it("after a stranger spends the account's daily attempts, the trusted browser verifies its e-mailed code and resets; a new browser is refused", async () => {
    vigil.clock.set(new Date(Math.ceil(vigil.clock.now().getTime() / DAY) * DAY + 9 * HOUR));
    const vera = await createTestUser({ username: 'vera' });
    await registerResetEmail(vigil, vera._id.toString(), 'vera.reset@example.test');
    const trusted = await trustedBrowser('vera');

    expect((await guessWrong(VERIFY_PER_DAY, '198.51.100', 'vera')).status).not.toBe(429);
    await refusedForToday(browserAt('203.0.113.9'), 'vera');
    // A new browser at the user's own address is a stranger too: trust is the device's, not the address's.
    await refusedForToday(browserAt(HOME), 'vera');

    const verify = await resetCodePage(rp, trusted, 'vera', 'email');
    expect(verify.status).toBe(200);
    await settle();
    const newPassword = await trusted.submit(verify, 'verify', { code: codeFrom(newestMailTo('vera.reset@example.test')?.text ?? '') });
    expect(newPassword.html, newPassword.html.slice(0, 2000)).toContain('autocomplete="new-password"');
    const done = await trusted.submit(newPassword, 'reset', { password: 'saffron-harbour-quill-88', confirm: 'saffron-harbour-quill-88' });
    expect(done.html).toContain('Your password was changed. Sign in with your new password.');
  });

  it(`a trusted browser has ${VERIFY_PER_DAY} attempts a day of its own, and another account's trusted browser is a stranger`, async () => {
    vigil.clock.set(new Date(Math.ceil(vigil.clock.now().getTime() / DAY) * DAY + 9 * HOUR));
    await createTestUser({ username: 'wren' });
    await createTestUser({ username: 'xia' });
    const wrens = await trustedBrowser('wren');
    const xias = await trustedBrowser('xia');

    expect((await guessWrong(VERIFY_PER_DAY, wrens, 'wren')).status).not.toBe(429);
    await refusedForToday(wrens, 'wren');
    // Its own bucket is spent; the strangers' bucket of the account is not.
    expect((await guessWrong(VERIFY_PER_DAY, '198.51.100', 'wren')).status).not.toBe(429);
    await refusedForToday(xias, 'wren');
  });
});
