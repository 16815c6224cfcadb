/**
 * Adversarial cases that held when Vigil was attacked black box (issue 11, "Also"), kept so they
 * keep holding: redirect URI variants, PKCE downgrade, code and refresh token replay, a code or
 * refresh token used by another client, forged tokens at userinfo, `alg: none`, and forwarded
 * headers from an untrusted peer, which change neither links nor the address the throttle counts
 * (behind a trusted TLS proxy: tls-proxy.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTestApp, TEST_REDIRECT_URI, THIRD_PARTY_CLIENT, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { signInThrough } from './sign-in-flow.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'oauthheld' });
  await createTestUser({ username: 'alice' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const WEB = basic(WEB_CLIENT.id, WEB_CLIENT.secret);
const THIRD = basic(THIRD_PARTY_CLIENT.id, THIRD_PARTY_CLIENT.secret);

/** Signs alice in and stops at the callback: the code, the verifier that goes with it. */
async function codeFor(params: Record<string, string> = {}): Promise<{ code: string; verifier: string }> {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const done = await browser.submit(login, 'login', { username: 'alice', password: DEFAULT_PASSWORD });
  const code = new URL(done.url).searchParams.get('code');
  if (!code) throw new Error(`no code: ${done.url}`);
  return { code, verifier: started.verifier };
}

function token(authorization: string, fields: Record<string, string>) {
  return request(vigil.issuer).post('/token').set('Authorization', authorization).type('form').send(fields);
}

function redeem(code: string, verifier: string | undefined, authorization = WEB) {
  return token(authorization, { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...(verifier === undefined ? {} : { code_verifier: verifier }) });
}

function authorizeUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({
    client_id: WEB_CLIENT.id, response_type: 'code', scope: 'openid', state: 'st', redirect_uri: TEST_REDIRECT_URI,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...params,
  });
  return `/auth?${query.toString()}`;
}

describe('redirect URIs', () => {
  it('sends nobody anywhere but the exact registered URI', async () => {
    const variants = [
      'http://rp.test/callback/', 'http://rp.test/callback/../evil', 'http://rp.test/callbackx', 'http://rp.test/callback?x=1',
      'http://rp.test/callback#frag', 'http://RP.test/callback', 'https://rp.test/callback', 'http://rp.test:8080/callback',
      'http://rp.test.evil.example/callback', 'http://evil.example/callback', 'http://rp.test@evil.example/callback',
      'http://evil.example\\@rp.test/callback', 'http://rp.test%2F@evil.example/callback', '//evil.example/callback',
      'javascript:alert(1)', 'data:text/html,x',
    ];
    for (const redirect of variants) {
      const response = await request(vigil.issuer).get(authorizeUrl({ redirect_uri: redirect })).redirects(0);
      expect(response.status, `${redirect}: ${String(response.headers.location)}`).toBe(400);
      expect(response.headers.location, redirect).toBeUndefined();
    }
    // The registered one, for contrast, goes on to the login page.
    expect((await request(vigil.issuer).get(authorizeUrl({})).redirects(0)).headers.location).toMatch(/^\/interaction\//);
  });

  it('a code is redeemed only with the redirect URI it was issued for', async () => {
    const { code, verifier } = await codeFor();
    const response = await token(WEB, { grant_type: 'authorization_code', code, redirect_uri: 'http://rp.test/other', code_verifier: verifier });
    expect(response.body.error).toBe('invalid_grant');
  });
});

describe('PKCE', () => {
  it('cannot be downgraded: no challenge, plain, no verifier, a wrong verifier or the challenge itself are refused', async () => {
    const downgrades: Record<string, string>[] = [{ code_challenge: '', code_challenge_method: '' }, { code_challenge_method: 'plain' }];
    for (const params of downgrades) {
      const location = (await request(vigil.issuer).get(authorizeUrl(params)).redirects(0)).headers.location ?? '';
      expect(new URL(location, vigil.issuer).searchParams.get('error'), JSON.stringify(params)).toBe('invalid_request');
    }
    const missing = await codeFor();
    expect((await redeem(missing.code, undefined)).body.error).toBe('invalid_grant');
    const wrong = await codeFor();
    expect((await redeem(wrong.code, `${wrong.verifier.slice(0, -1)}${wrong.verifier.endsWith('A') ? 'B' : 'A'}`)).body.error).toBe('invalid_grant');
    const asPlain = await codeFor({ code_challenge: 'a'.repeat(43), code_challenge_method: 'S256' });
    expect((await redeem(asPlain.code, 'a'.repeat(43))).body.error).toBe('invalid_grant');
  });
});

describe('replay', () => {
  it('a code works once; replaying it also revokes what it gave', async () => {
    const { code, verifier } = await codeFor();
    const first = await redeem(code, verifier);
    expect(first.status).toBe(200);
    const again = await redeem(code, verifier);
    expect(again.body.error).toBe('invalid_grant');
    const introspected = await request(vigil.issuer).post('/token/introspection').set('Authorization', WEB).type('form').send({ token: first.body.access_token as string });
    expect(introspected.body).toEqual({ active: false });
    expect((await token(WEB, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string })).body.error).toBe('invalid_grant');
  });

  it('a rotated refresh token works once; replaying it ends the grant', async () => {
    const { tokens } = await signInThrough(rp, vigil.issuer, 'alice');
    const old = tokens.refresh_token ?? '';
    const rotated = await token(WEB, { grant_type: 'refresh_token', refresh_token: old });
    expect(rotated.status).toBe(200);
    expect((await token(WEB, { grant_type: 'refresh_token', refresh_token: old })).body.error).toBe('invalid_grant');
    expect((await token(WEB, { grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token as string })).body.error).toBe('invalid_grant');
  });
});

describe('another client', () => {
  it("cannot redeem a client's code, nor use its refresh token", async () => {
    const { code, verifier } = await codeFor();
    expect((await redeem(code, verifier, THIRD)).body.error).toBe('invalid_grant');
    const { tokens } = await signInThrough(rp, vigil.issuer, 'alice');
    expect((await token(THIRD, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' })).body.error).toBe('invalid_grant');
    // Neither attempt used them up for their owner.
    expect((await token(WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' })).status).toBe(200);
  });

  it('cannot authenticate with a wrong secret or as a public client', async () => {
    const { code, verifier } = await codeFor();
    expect((await redeem(code, verifier, basic(WEB_CLIENT.id, 'not-the-secret-000000000'))).status).toBe(401);
    const asPublic = await request(vigil.issuer).post('/token').type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, code_verifier: verifier, client_id: WEB_CLIENT.id });
    expect(asPublic.body.error).toBe('invalid_client');
  });
});

describe('forged tokens', () => {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('userinfo refuses made-up, tampered, unsigned and ID tokens', async () => {
    const { tokens } = await signInThrough(rp, vigil.issuer, 'alice');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: vigil.issuer, sub: tokens.claims()?.sub, aud: WEB_CLIENT.id, iat: now, exp: now + 600, scope: 'openid email' })}.`;
    const access = tokens.access_token;
    const tampered = `${access.slice(0, -2)}${access.endsWith('A') ? 'BB' : 'AA'}`;
    for (const forged of ['x', 'a'.repeat(43), tampered, unsigned, tokens.id_token ?? '']) {
      const response = await request(vigil.issuer).get('/me').set('Authorization', `Bearer ${forged}`);
      expect(response.status, forged).toBe(401);
      expect(response.body.error, forged).toBe('invalid_token');
    }
    expect((await request(vigil.issuer).get('/me').set('Authorization', `Bearer ${access}`)).status).toBe(200);
  });

  it('alg none is offered and accepted for nothing that proves anything', async () => {
    // An unsigned request object is allowed (OIDC Core 6.1): it is trusted no more than the
    // query parameters it replaces. Everything that is evidence must be signed.
    const discovery = (await request(vigil.issuer).get('/.well-known/openid-configuration')).body as Record<string, unknown>;
    for (const [name, value] of Object.entries(discovery)) {
      if (name.endsWith('_alg_values_supported') && !name.startsWith('request_object_')) expect(value, name).not.toContain('none');
    }
    const { tokens } = await signInThrough(rp, vigil.issuer, 'alice');
    const [, payload] = (tokens.id_token ?? '').split('.');
    const unsignedHint = `${b64({ alg: 'none', typ: 'JWT' })}.${payload ?? ''}.`;
    const logout = await request(vigil.issuer).get(`/session/end?id_token_hint=${unsignedHint}`).set('Accept', 'text/html');
    expect(logout.status).toBe(400);
  });
});

describe('forwarded headers from a peer that is not a trusted proxy', () => {
  it('cannot change the scheme, host or links Vigil answers with', async () => {
    const spoof = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-For': '203.0.113.9', Forwarded: 'for=203.0.113.9;host=evil.example;proto=https' };
    const discovery = await request(vigil.issuer).get('/.well-known/openid-configuration').set(spoof);
    expect(JSON.stringify(discovery.body)).not.toContain('evil.example');
    expect(discovery.body.issuer).toBe(vigil.issuer);
    const authorize = await request(vigil.issuer).get(authorizeUrl({})).set(spoof).redirects(0);
    expect(authorize.headers.location).toMatch(/^\/interaction\//);
    // The cookies are not marked Secure on a plain-HTTP connection that merely claims HTTPS.
    for (const cookie of authorize.headers['set-cookie'] as unknown as string[]) expect(cookie.toLowerCase()).not.toContain('; secure');
  });

  // Last in the file: it gets this test's one source address throttled.
  it('cannot escape the throttle on guessing by claiming a new address each time', async () => {
    await createTestUser({ username: 'target' });
    const statuses: number[] = [];
    for (let i = 0; i < 15 && !statuses.includes(429); i += 1) {
      const browser = new UserAgent(vigil.issuer);
      browser.headers = { 'X-Forwarded-For': `203.0.113.${i + 1}` };
      const login = await browser.open((await rp.start()).url.toString());
      statuses.push((await browser.submit(login, 'login', { username: 'target', password: `wrong-guess-${i}` })).status);
    }
    expect(statuses).toContain(429);
  });
});
