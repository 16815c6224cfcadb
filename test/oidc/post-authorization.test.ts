import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_POST_LOGOUT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'post-authorization' });
  await createTestUser({ username: 'paula' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

describe('POST to the authorization endpoint (OIDC Core 3.1.2.1)', () => {
  it('a form-encoded authorization request by POST signs the user in and the code is redeemed', async () => {
    const started = await rp.start();
    const browser = new UserAgent(vigil.issuer);
    const response = await browser.agent.post('/auth').type('form').send(Object.fromEntries(started.url.searchParams)).redirects(0);
    expect(response.status).toBe(303);
    // No cookie is read or written by the POST itself: every cookie stays SameSite=Lax.
    expect(response.headers['set-cookie']).toBeUndefined();
    const login = await browser.open(new URL(response.headers.location ?? '', vigil.issuer).toString());
    expect(login.html).toContain('autocomplete="current-password"');
    const cookies = (await browser.agent.get(new URL(login.url).pathname).redirects(0)).headers['set-cookie'];
    expect(String(cookies ?? '')).not.toMatch(/samesite=none/i);
    const done = await browser.submit(login, 'login', { username: 'paula', password: DEFAULT_PASSWORD });
    const tokens = await rp.finish(done.url, started);
    expect(tokens.claims()?.preferred_username).toBe('paula');
  });

  it('a second POST authorization uses the session (SSO), as a GET would', async () => {
    const browser = new UserAgent(vigil.issuer);
    const first = await rp.start();
    const login = await browser.open(first.url.toString());
    await browser.submit(login, 'login', { username: 'paula', password: DEFAULT_PASSWORD });
    const second = await rp.start();
    const page = await browser.post('/auth', Object.fromEntries(second.url.searchParams));
    expect(page.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
    expect((await rp.finish(page.url, second)).claims()?.preferred_username).toBe('paula');
  });

  it('repeated parameters stay an error, and an oversized body gets a 413 page', async () => {
    const browser = new UserAgent(vigil.issuer);
    const repeated = await browser.agent.post('/auth').type('form').send('client_id=a&client_id=b').redirects(0);
    expect(repeated.status).toBe(303);
    const error = await browser.open(new URL(repeated.headers.location ?? '', vigil.issuer).toString());
    expect(error.status).toBe(400);
    const huge = await browser.agent.post('/auth').type('form').send({ client_id: WEB_CLIENT.id, login_hint: 'x'.repeat(20_000) }).redirects(0);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('too large');
    expect(huge.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('the logout endpoint accepts POST too (RP-Initiated Logout 1.0 §2)', async () => {
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const done = await browser.submit(login, 'login', { username: 'paula', password: DEFAULT_PASSWORD });
    const tokens = await rp.finish(done.url, started);
    const confirm = await browser.post('/session/end', { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: TEST_POST_LOGOUT_URI });
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('name="logout"');
  });
});
