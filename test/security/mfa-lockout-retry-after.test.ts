/**
 * Issue 11 finding 8: an attempt on a locked authenticator app is answered 429 with a
 * Retry-After that says when the lock runs out — at sign-in and on the security info page's
 * re-verification — and 403 (no Retry-After) once only an administrator can lift the lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../src/mfa/authenticator.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const SECOND = 1000;

let vigil: TestApp;
let rp: RelyingParty;
const mfa: Record<string, RegisteredMfa> = {};
const userIds: Record<string, string> = {};

beforeAll(async () => {
  vigil = await startTestApp({ label: 'mfalockretry' });
  for (const username of ['alice', 'bob', 'carol']) {
    const user = await createTestUser({ username });
    userIds[username] = user._id.toString();
    mfa[username] = await registerMfa(vigil, user._id.toString());
  }
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

function wrongCode(username: string): string {
  return totpNow(vigil, mfa[username]?.secret ?? '') === '000000' ? '111111' : '000000';
}

/** Posts the page's verify form with a code, returning the raw response (status and headers). */
async function verify(browser: UserAgent, page: Page, code: string) {
  const form = formWithButton(page.html, 'verify');
  const response = await browser.agent.post(form.action.replace(vigil.issuer, '')).type('form').send({ ...form.fields, code, action: 'verify' }).redirects(0);
  return { response, page: { status: response.status, html: response.text, url: page.url } };
}

async function mfaPrompt(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start({ acr_values: MFA_ACR });
  const login = await browser.open(started.url.toString());
  const page = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(page.html).toContain('autocomplete="one-time-code"');
  return { browser, page };
}

async function securityInfo(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open('/security-info');
  const page = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(page.html).toContain('autocomplete="one-time-code"');
  return { browser, page };
}

/** An attempt with `code` is refused with 429 and Retry-After `seconds`. */
async function expectLocked(browser: UserAgent, page: Page, code: string, seconds: number): Promise<Page> {
  const refused = await verify(browser, page, code);
  expect(refused.response.status).toBe(429);
  expect(refused.response.headers['retry-after']).toBe(String(seconds));
  return refused.page;
}

/** Five wrong codes lock the app for a minute; the answers say so, and when it ends. */
async function lockOut(username: string, browser: UserAgent, first: Page): Promise<Page> {
  let page = first;
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    const wrong = await verify(browser, page, wrongCode(username));
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers['retry-after']).toBeUndefined();
    page = wrong.page;
  }
  return expectLocked(browser, page, wrongCode(username), 60);
}

describe('MFA lockout answers with Retry-After', () => {
  it('at sign-in: 429 with the seconds left, then the right code works once the lock has run out', async () => {
    const { browser, page } = await mfaPrompt('alice');
    const locked = await lockOut('alice', browser, page);

    vigil.clock.advance(20 * SECOND);
    const during = await expectLocked(browser, locked, totpNow(vigil, mfa.alice?.secret ?? ''), 40);

    vigil.clock.advance(41 * SECOND);
    nextStep(vigil);
    const after = await verify(browser, during, totpNow(vigil, mfa.alice?.secret ?? ''));
    expect(after.response.status).toBe(303);
  });

  it('on the security info page, re-verifying with the app: the same', async () => {
    const { browser, page } = await securityInfo('bob');
    const locked = await lockOut('bob', browser, page);
    vigil.clock.advance(30 * SECOND);
    await expectLocked(browser, locked, totpNow(vigil, mfa.bob?.secret ?? ''), 30);
  });

  it('a lock only an administrator can lift: 403, no Retry-After, at sign-in and on security info', async () => {
    const { browser, page } = await mfaPrompt('carol');
    const info = await securityInfo('carol');
    // Setup: what 100 failures in a row leave behind.
    await Authenticator.updateOne({ _id: `${userIds.carol ?? ''}:totp` }, { $set: { consecutiveFailures: 100, permanentlyLocked: true } });
    for (const [agent, form] of [[browser, page], [info.browser, info.page]] as const) {
      const refused = await verify(agent, form, totpNow(vigil, mfa.carol?.secret ?? ''));
      expect(refused.response.status).toBe(403);
      expect(refused.response.headers['retry-after']).toBeUndefined();
      expect(refused.page.html).toMatch(/administrator/i);
    }
  });
});
