import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, THIRD_PARTY_CLIENT, PUBLIC_CLIENT, TEST_POST_LOGOUT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'authcode' });
  await createTestUser({ username: 'alice', email: 'alice@example.test' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function signIn(browser: UserAgent, params: Record<string, string> = {}, username = 'alice') {
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  expect(login.status).toBe(200);
  expect(login.html).toContain('autocomplete="username webauthn"');
  const done = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(done.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
  return { tokens: await rp.finish(done.url, started), started };
}

describe('authorization code + PKCE through the HTML forms', () => {
  it('signs a user in and issues tokens whose claims tell the truth', async () => {
    const browser = new UserAgent(vigil.issuer);
    const before = Math.floor(Date.now() / 1000);
    const { tokens } = await signIn(browser);
    const claims = tokens.claims();
    expect(claims?.preferred_username).toBe('alice');
    expect(claims?.amr).toEqual(['pwd']);
    expect(claims?.acr).toBe(PASSWORD_ACR);
    expect(claims?.auth_time).toBeGreaterThanOrEqual(before - 1);
    expect(tokens.refresh_token).toBeTruthy();

    const userinfo = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims?.sub ?? '');
    expect(userinfo.email).toBe('alice@example.test');

    const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    const active = await oidc.tokenIntrospection(rp.config, refreshed.access_token);
    expect(active.active).toBe(true);
    expect(active.sub).toBe(claims?.sub);

    await oidc.tokenRevocation(rp.config, refreshed.access_token);
    const revoked = await oidc.tokenIntrospection(rp.config, refreshed.access_token);
    expect(revoked.active).toBe(false);
  });

  it('a rotated refresh token cannot be used again', async () => {
    const browser = new UserAgent(vigil.issuer);
    const { tokens } = await signIn(browser);
    await oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? '');
    await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('an authorization code is redeemed once only, even when two redemptions race', async () => {
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const done = await browser.submit(login, 'login', { username: 'alice', password: DEFAULT_PASSWORD });
    const results = await Promise.allSettled([rp.finish(done.url, started), rp.finish(done.url, started)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('a second authorization reuses the session without asking again (SSO)', async () => {
    const browser = new UserAgent(vigil.issuer);
    await signIn(browser);
    const started = await rp.start();
    const page = await browser.open(started.url.toString());
    expect(page.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
    const tokens = await rp.finish(page.url, started);
    expect(tokens.claims()?.preferred_username).toBe('alice');
  });

  it('prompt=none without a session returns login_required to the client', async () => {
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ prompt: 'none' });
    const page = await browser.open(started.url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('login_required');
  });

  it('max_age forces a fresh password entry', async () => {
    const browser = new UserAgent(vigil.issuer);
    await signIn(browser);
    const started = await rp.start({ max_age: '0' });
    const page = await browser.open(started.url.toString());
    expect(page.status).toBe(200);
    expect(page.html).toContain('autocomplete="current-password"');
  });

  it('requires PKCE with S256', async () => {
    const browser = new UserAgent(vigil.issuer);
    const url = new URL(`${vigil.issuer}/auth`);
    url.search = new URLSearchParams({ client_id: WEB_CLIENT.id, response_type: 'code', scope: 'openid', redirect_uri: 'http://rp.test/callback', state: 'x' }).toString();
    const page = await browser.open(url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('invalid_request');
    url.searchParams.set('code_challenge', 'a'.repeat(43));
    url.searchParams.set('code_challenge_method', 'plain');
    const plain = await browser.open(url.toString());
    expect(new URL(plain.url).searchParams.get('error')).toBe('invalid_request');
  });

  it('a public client completes the flow with PKCE and no secret', async () => {
    const spa = await relyingParty(vigil.issuer, PUBLIC_CLIENT.id);
    const browser = new UserAgent(vigil.issuer);
    const started = await spa.start();
    const login = await browser.open(started.url.toString());
    const done = await browser.submit(login, 'login', { username: 'alice@example.test', password: DEFAULT_PASSWORD });
    const tokens = await spa.finish(done.url, started);
    expect(tokens.claims()?.preferred_username).toBe('alice');
  });

  it('a third-party client gets a consent page; deny returns access_denied, approve returns a code', async () => {
    const third = await relyingParty(vigil.issuer, THIRD_PARTY_CLIENT.id, THIRD_PARTY_CLIENT.secret);
    const browser = new UserAgent(vigil.issuer);
    const started = await third.start();
    const login = await browser.open(started.url.toString());
    const consent = await browser.submit(login, 'login', { username: 'alice', password: DEFAULT_PASSWORD });
    expect(consent.html).toContain('Third Party App');
    const denied = await browser.submit(consent, 'deny');
    expect(new URL(denied.url).searchParams.get('error')).toBe('access_denied');

    const again = await third.start();
    const consentAgain = await browser.open(again.url.toString());
    const approved = await browser.submit(consentAgain, 'approve');
    const tokens = await third.finish(approved.url, again);
    expect(tokens.claims()?.preferred_username).toBe('alice');
  });

  it('RP-initiated logout ends the session', async () => {
    const browser = new UserAgent(vigil.issuer);
    const { tokens } = await signIn(browser);
    const logoutUrl = oidc.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: TEST_POST_LOGOUT_URI });
    const confirm = await browser.open(logoutUrl.toString());
    expect(confirm.html).toContain('op.logoutForm');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const action = /action="([^"]+)"/.exec(confirm.html)?.[1] ?? '';
    const after = await browser.post(action, { xsrf, logout: 'yes' });
    expect(after.url).toContain(TEST_POST_LOGOUT_URI);
    const started = await rp.start({ prompt: 'none' });
    const page = await browser.open(started.url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('login_required');
  });
});
