/**
 * Issue 11 finding 6: no page Vigil or oidc-provider renders may be framed. Every kind of page
 * is fetched over HTTP and must carry `Content-Security-Policy: frame-ancestors 'none'` and
 * `X-Frame-Options: DENY`, including the logout confirmation, the logout auto-submit form, the
 * logged-out page, the form_post response and the provider's error page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request, { type Response } from 'supertest';
import * as oidc from 'openid-client';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { signInThrough } from './sign-in-flow.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'framing' });
  await createTestUser({ username: 'alice' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

function expectUnframeable(response: Response, what: string): void {
  const csp = String(response.headers['content-security-policy'] ?? '');
  expect(csp, `${what}: CSP`).toMatch(/(^|;)\s*frame-ancestors 'none'/);
  expect(response.headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
  // An inline script oidc-provider writes must stay allowed (no script-src, or its hash in it).
  if (/<script>/.test(response.text) && /script-src/.test(csp)) expect(csp, `${what}: inline script hash`).toContain("'sha256-");
}

/** The path (with query) of an absolute or relative URL on Vigil. */
function pathOf(url: string): string {
  const parsed = new URL(url, vigil.issuer);
  return parsed.pathname + parsed.search;
}

describe('framing', () => {
  it("Vigil's own pages: home, login, expired interaction, 404, security info", async () => {
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const authorize = await browser.agent.get(pathOf(started.url.toString())).redirects(0);
    expectUnframeable(authorize, '/auth redirect');
    const login = await browser.agent.get(pathOf(authorize.headers.location ?? '')).redirects(0);
    expect(login.text).toContain('autocomplete="username webauthn"');
    expectUnframeable(login, 'login page');
    const wrong = await browser.agent.post(pathOf(`${authorize.headers.location ?? ''}/login`)).type('form').send({ username: 'alice', password: 'nope' });
    expectUnframeable(wrong, 'login form post');

    for (const path of ['/', '/interaction/no-such-interaction', '/no-such-page', '/security-info', '/security-info/signed-out']) {
      expectUnframeable(await request(vigil.issuer).get(path).redirects(0), path);
    }
  });

  it("oidc-provider's pages: error page, logout confirmation, logout auto-submit, logged out", async () => {
    expectUnframeable(await request(vigil.issuer).get('/auth?client_id=nobody&response_type=code'), 'authorization error page');
    expectUnframeable(await request(vigil.issuer).get('/session/end'), 'logout without a session (auto-submit form)');
    expectUnframeable(await request(vigil.issuer).get('/session/end/success'), 'logged-out page');
    expectUnframeable(await request(vigil.issuer).post('/session/end/confirm').type('form').send({ xsrf: 'forged', logout: 'yes' }), 'logout confirm with a forged xsrf');

    const { browser, tokens } = await signInThrough(rp, vigil.issuer, 'alice');
    const logoutUrl = oidc.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token ?? '' });
    const confirm = await browser.agent.get(pathOf(logoutUrl.toString()));
    expect(confirm.text).toContain('op.logoutForm');
    expectUnframeable(confirm, 'logout confirmation');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1] ?? '';
    const done = await browser.agent.post('/session/end/confirm').type('form').send({ xsrf, logout: 'yes' }).redirects(0);
    expectUnframeable(done, 'logout redirect');
    const success = await browser.agent.get(pathOf(done.headers.location ?? ''));
    expect(success.status).toBe(200);
    expectUnframeable(success, 'logged-out page after logout');
  });

  it('the form_post authorization response and the JSON endpoints', async () => {
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ response_mode: 'form_post' });
    const login = await browser.open(started.url.toString());
    // Submitted by hand: the scripted browser would follow the redirect to the form_post page.
    const form = formWithButton(login.html, 'login');
    const posted = await browser.agent.post(pathOf(form.action)).type('form')
      .send({ ...form.fields, username: 'alice', password: DEFAULT_PASSWORD, action: 'login' }).redirects(0);
    const response = await browser.agent.get(pathOf(posted.headers.location ?? '')).redirects(0);
    expect(response.text).toContain('Submitting Callback');
    expectUnframeable(response, 'form_post response');

    for (const path of ['/.well-known/openid-configuration', '/jwks', '/healthz', '/readyz']) {
      expectUnframeable(await request(vigil.issuer).get(path), path);
    }
  });
});
