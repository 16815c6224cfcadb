/**
 * Adversarial cases on the sign-in pages that held when Vigil was tried as an attacker would
 * (README "Security"), kept as regressions: interaction swaps, steps posted out of order to skip
 * MFA, reflected XSS, operator injection, oversized and malformed bodies, look-alike names.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, THIRD_PARTY_CLIENT, type TestApp } from '../support/app.ts';
import { registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: disabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled, include: { users: all }, level: medium }
userRisk: { state: disabled, include: { users: all }, level: high }
sspr: { enabledFor: all, methodsRequired: 1, methods: [email, totp] }
`;

let vigil: TestApp;
let rp: RelyingParty;
let thirdParty: RelyingParty;
let bobMfa: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'abuse', policiesYaml: POLICIES });
  await createTestUser({ username: 'alice' });
  const bob = await createTestUser({ username: 'bob' });
  bobMfa = await registerMfa(vigil, bob._id.toString());
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  thirdParty = await relyingParty(vigil.issuer, THIRD_PARTY_CLIENT.id, THIRD_PARTY_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function loginPage(params: Record<string, string> = {}, party = rp): Promise<{ browser: UserAgent; page: Page; started: Awaited<ReturnType<RelyingParty['start']>> }> {
  const browser = new UserAgent(vigil.issuer);
  const started = await party.start(params);
  const page = await browser.open(started.url.toString());
  expect(page.status).toBe(200);
  return { browser, page, started };
}

const uidOf = (page: Page): string => /\/interaction\/([^/"]+)\//.exec(page.html)?.[1] ?? '';

describe('interaction swaps', () => {
  it("refuses a form posted to another browser's interaction, even with that interaction's CSRF token", async () => {
    const victim = await loginPage();
    const attacker = await loginPage();
    const victimForm = formWithButton(victim.page.html, 'login');
    const posted = await attacker.browser.post(victimForm.action, { ...victimForm.fields, action: 'login', username: 'alice', password: DEFAULT_PASSWORD });
    expect(posted.status).toBeGreaterThanOrEqual(400);
    expect(posted.status).toBeLessThan(500);
    expect(posted.html).not.toContain('callback?code=');
  });
});

describe('steps posted out of order', () => {
  it('cannot skip the MFA step by posting the consent, registration or password forms instead', async () => {
    const { browser, page, started } = await loginPage({ acr_values: MFA_ACR });
    const mfaPage = await browser.submit(page, 'login', { username: 'bob', password: DEFAULT_PASSWORD });
    expect(mfaPage.html).toContain('autocomplete="one-time-code"');
    const uid = uidOf(mfaPage);
    const csrf = formWithButton(mfaPage.html, 'verify').fields.csrf ?? '';
    for (const step of ['consent', 'registration', 'password']) {
      for (const action of ['approve', 'skip', 'register', 'change']) {
        const response = await browser.agent.post(`/interaction/${uid}/${step}`).type('form')
          .send({ csrf, action, password: 'a-brand-new-password-77', confirm: 'a-brand-new-password-77' }).redirects(0);
        expect(response.status, `${step}/${action}`).toBe(303);
        expect(response.headers.location).toBe(`/interaction/${uid}`);
      }
    }
    const stillOwed = await browser.open(`/interaction/${uid}`);
    expect(stillOwed.html).toContain('autocomplete="one-time-code"');
    // Only the code finishes it, and the tokens then say MFA happened.
    const done = await browser.submit(stillOwed, 'verify', { code: totpNow(vigil, bobMfa.secret) });
    expect(done.url).toContain('callback?code=');
    const tokens = await rp.finish(done.url, started);
    expect(tokens.claims()?.amr).toContain('mfa');
  });

  it('cannot answer the consent of a third-party app before signing in', async () => {
    const { browser, page } = await loginPage({}, thirdParty);
    const form = formWithButton(page.html, 'login');
    const consent = await browser.agent.post(form.action.replace(/\/login$/, '/consent')).type('form')
      .send({ csrf: form.fields.csrf, action: 'approve' }).redirects(0);
    expect(consent.status).toBe(303);
    const back = await browser.open(consent.headers.location ?? '');
    expect(back.html).toContain('autocomplete="current-password"');
  });
});

describe('reflected input is escaped', () => {
  const payloads = ['"><script>alert(1)</script>', "'onmouseover='alert(1)", '<img src=x onerror=alert(1)>', 'javascript:alert(1)'];

  it.each(payloads)('login_hint %s is shown as text', async (payload) => {
    const { page } = await loginPage({ login_hint: payload });
    expect(page.html).not.toContain(payload.startsWith('javascript') ? 'href="javascript' : payload);
    expect(page.html).not.toMatch(/<script>alert|<img src=x|onmouseover='alert/);
  });

  it.each(payloads)('a username %s re-shown after a failed sign-in is text', async (payload) => {
    const { browser, page } = await loginPage();
    const failed = await browser.submit(page, 'login', { username: payload, password: 'not-the-password-at-all' });
    expect(failed.status).toBe(401);
    expect(failed.html).not.toMatch(/<script>alert|<img src=x|onmouseover='alert/);
  });

  it('an unknown client_id or redirect_uri in the error page is text', async () => {
    const response = await request(vigil.issuer).get('/auth').query({ client_id: '<script>alert(1)</script>', response_type: 'code', scope: 'openid', redirect_uri: 'http://rp.test/"><script>alert(2)</script>' });
    expect(response.status).toBe(400);
    expect(response.text).not.toContain('<script>alert');
  });
});

describe('operator injection and malformed bodies', () => {
  it('refuses operator-shaped fields on the forgot-password form, as JSON and as a form', async () => {
    const { browser, page } = await loginPage();
    const forgot = await browser.open(/href="(\/interaction\/[^"]+\/forgot)"/.exec(page.html)?.[1] ?? '');
    const form = formWithButton(forgot.html, 'send');
    const asJson = await browser.agent.post(form.action).set('Content-Type', 'application/json')
      .send(JSON.stringify({ csrf: form.fields.csrf, action: 'send', username: { $ne: '' } })).redirects(0);
    expect(asJson.status).toBe(400);
    const asForm = await browser.agent.post(form.action).type('form')
      .send(`csrf=${encodeURIComponent(form.fields.csrf ?? '')}&action=send&username[$regex]=.*`).redirects(0);
    expect(asForm.status).toBe(400);
  });

  it('answers an oversized body with 413 and a malformed JSON body with 400, as pages', async () => {
    const { browser, page } = await loginPage();
    const form = formWithButton(page.html, 'login');
    const huge = await browser.agent.post(form.action).type('form').send({ csrf: form.fields.csrf, action: 'login', username: 'a'.repeat(100_000), password: 'x' }).redirects(0);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('<html');
    const broken = await browser.agent.post(form.action).set('Content-Type', 'application/json').send('{"csrf": ').redirects(0);
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(/SyntaxError|\n\s+at /);
  });
});

describe('look-alike names', () => {
  it.each([
    ['Cyrillic a', '\u0430lice'],
    ['zero-width space', 'ali\u200bce'],
    ['trailing NUL', 'alice\u0000'],
    ['fullwidth letters', 'ａｌｉｃｅ'],
  ])('%s does not sign in as alice', async (_name, lookalike) => {
    const { browser, page } = await loginPage();
    const result = await browser.submit(page, 'login', { username: lookalike, password: DEFAULT_PASSWORD });
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.url).not.toContain('callback?code=');
  });

  it('the same name in another case or Unicode form is the same account', async () => {
    const { browser, page } = await loginPage();
    const result = await browser.submit(page, 'login', { username: 'ALICE', password: DEFAULT_PASSWORD });
    expect(result.url).toContain('callback?code=');
  });
});
