/**
 * A stranger who knows only a username cannot turn the password reset against the user: wrong
 * reset codes never count against the user's authenticator app at sign-in, and guessing through
 * the reset is bounded by the reset's own daily cap per account (README "Self-service password
 * reset": the bound).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { methodOf } from '../../src/mfa/authenticator-store.ts';
import { guessingBound, VERIFY_PER_DAY } from '../../src/sspr/limits.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { resetCodePage, SSPR_POLICIES } from '../support/reset.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;
let mfa: RegisteredMfa;
let userId: string;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'resetabuse', policiesYaml: SSPR_POLICIES, env: { TRUST_PROXY: 'true' } });
  const user = await createTestUser({ username: 'tess' });
  userId = user._id.toString();
  mfa = await registerMfa(vigil, userId);
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

function wrongCode(): string {
  const right = totpNow(vigil, mfa.secret);
  return right === '000000' ? '111111' : '000000';
}

/** Submits `count` wrong codes, starting new flows from new addresses as each ends. */
async function guessWrong(count: number, from = '198.51.100'): Promise<Page> {
  let page: Page | undefined;
  let browser = new UserAgent(vigil.issuer);
  for (let i = 0; i < count; i += 1) {
    if (!page || !page.html.includes('autocomplete="one-time-code"') || i % 5 === 0) {
      browser = new UserAgent(vigil.issuer);
      browser.headers = { 'X-Forwarded-For': `${from}.${i + 1}` };
      page = await resetCodePage(rp, browser, 'tess');
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
    vigil.clock.set('2026-03-02T08:00:00Z');
    const spent = await guessWrong(VERIFY_PER_DAY, '203.0.113');
    expect(spent.status).not.toBe(429);
    const browser = new UserAgent(vigil.issuer);
    browser.headers = { 'X-Forwarded-For': '192.0.2.77' };
    const page = await resetCodePage(rp, browser, 'tess');
    nextStep(vigil);
    const refused = await browser.submit(page, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(refused.status).toBe(429);
    expect(Number(refused.status === 429 ? 1 : 0)).toBe(1);
    expect(refused.html).toContain('Too many codes were tried for this account today');

    vigil.clock.advance(DAY);
    const nextDay = await resetCodePage(rp, browser, 'tess');
    nextStep(vigil);
    const ok = await browser.submit(nextDay, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect(ok.html).toContain('autocomplete="new-password"');
  });

  it('keeps the chance of guessing a code for one account in any 24 hours below 1 in 10,000', () => {
    expect(guessingBound('totp')).toBeLessThan(1e-4);
    expect(guessingBound('email')).toBeLessThan(1e-4);
  });
});
