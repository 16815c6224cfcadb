import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import request from 'supertest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'login' });
  await createTestUser({ username: 'alice' });
  await createTestUser({ username: 'dora', disabled: true });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function loginPage(browser = new UserAgent(vigil.issuer)): Promise<{ browser: UserAgent; page: Page }> {
  const started = await rp.start();
  const page = await browser.open(started.url.toString());
  expect(page.status).toBe(200);
  return { browser, page };
}

function visibleError(html: string): string | undefined {
  return /<p class="error[^"]*"[^>]*>(?:<span class="visually-hidden">[^<]*<\/span>)?([^<]*)<\/p>/.exec(html)?.[1];
}

describe('login page', () => {
  it('follows the form contract: autocomplete tokens, action buttons, hidden CSRF field', async () => {
    const { page } = await loginPage();
    // `webauthn`: the browser may offer passkeys in the username's autofill (conditional UI).
    expect(page.html).toContain('autocomplete="username webauthn"');
    expect(page.html).toContain('autocomplete="current-password"');
    expect(page.html).toMatch(/<button type="submit" name="action" value="login"/);
    expect(page.html).toMatch(/<input type="hidden" name="csrf" value="[^"]{20,}">/);
    expect(page.html).toMatch(/<label for="username">/);
  });

  it('sends a strict Content-Security-Policy and no-store on its pages', async () => {
    const started = await rp.start();
    const agent = request.agent(vigil.issuer);
    const redirect = await agent.get(started.url.pathname + started.url.search).redirects(0);
    const response = await agent.get(new URL(redirect.headers.location ?? '', vigil.issuer).pathname);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await loginPage();
    const wrongResult = await wrong.browser.submit(wrong.page, 'login', { username: 'alice', password: 'not-the-password-at-all' });
    const unknown = await loginPage();
    const unknownResult = await unknown.browser.submit(unknown.page, 'login', { username: 'nobody-here', password: 'not-the-password-at-all' });
    expect(wrongResult.status).toBe(401);
    expect(unknownResult.status).toBe(401);
    expect(visibleError(wrongResult.html)).toBe('The username or password is incorrect.');
    expect(visibleError(unknownResult.html)).toBe(visibleError(wrongResult.html));
    const strip = (html: string) => html.replace(/\/interaction\/[^/"]+/g, '').replace(/value="[^"]*"/g, '');
    expect(strip(unknownResult.html)).toBe(strip(wrongResult.html));
  });

  it('refuses a disabled user even with the right password', async () => {
    const { browser, page } = await loginPage();
    const result = await browser.submit(page, 'login', { username: 'dora', password: DEFAULT_PASSWORD });
    expect(result.status).toBe(403);
    expect(visibleError(result.html)).toContain('disabled');
  });

  it('refuses a post without the CSRF token, or with another interaction\'s token', async () => {
    const { browser, page } = await loginPage();
    const missing = await browser.submit(page, 'login', { username: 'alice', password: DEFAULT_PASSWORD }, { csrf: undefined });
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('This form has expired');
    const other = await loginPage();
    const foreignToken = formWithButton(other.page.html, 'login').fields.csrf ?? '';
    const forged = await browser.submit(page, 'login', { username: 'alice', password: DEFAULT_PASSWORD }, { csrf: foreignToken });
    expect(forged.status).toBe(403);
  });

  it('shows a friendly page with a way back for an unknown or expired interaction', async () => {
    const browser = new UserAgent(vigil.issuer);
    const unknown = await browser.open('/interaction/does-not-exist');
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain('This sign-in has expired');
    expect(unknown.html).toContain('href="/"');
    expect(unknown.html).not.toMatch(/at .*\.ts:\d+/);

    const { browser: expiring, page } = await loginPage();
    await mongoose.connection.db?.collection('oidc_interaction').updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await expiring.submit(page, 'login', { username: 'alice', password: DEFAULT_PASSWORD });
    expect(expired.status).toBe(400);
    expect(expired.html).toContain('This sign-in has expired');
  });

  it('rejects operator injection in the login fields without signing anyone in', async () => {
    const { browser, page } = await loginPage();
    const form = formWithButton(page.html, 'login');
    const asJson = await browser.agent.post(form.action).set('content-type', 'application/json')
      .send(JSON.stringify({ csrf: form.fields.csrf, username: { $gt: '' }, password: { $gt: '' }, action: 'login' })).redirects(0);
    expect(asJson.status).toBe(400);
    const asForm = await browser.agent.post(form.action).type('form')
      .send(`csrf=${encodeURIComponent(form.fields.csrf ?? '')}&username[$ne]=x&password[$ne]=x&action=login`).redirects(0);
    expect(asForm.status).toBe(400);
    expect(asForm.text).not.toContain('Cast to');
  });

  it('answers malformed and oversized bodies with an error page, not a stack trace', async () => {
    const { browser, page } = await loginPage();
    const form = formWithButton(page.html, 'login');
    const malformed = await browser.agent.post(form.action).set('content-type', 'application/json').send('{"username": ').redirects(0);
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('<!DOCTYPE html>');
    expect(malformed.text).not.toMatch(/SyntaxError|at .*\.js:\d+/);
    const huge = await browser.agent.post(form.action).type('form').send(`csrf=x&username=${'a'.repeat(40_000)}&password=x`).redirects(0);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('too large');
  });

  it('signs in by e-mail address as well as username', async () => {
    const { browser, page } = await loginPage();
    const done = await browser.submit(page, 'login', { username: 'ALICE@example.test', password: DEFAULT_PASSWORD });
    expect(done.url).toMatch(/^http:\/\/rp\.test\/callback\?code=/);
  });
});
