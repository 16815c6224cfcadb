/**
 * Behind a TLS-terminating proxy (TRUST_PROXY, an https ISSUER), a case that held when Vigil was
 * attacked (issue 11, "Also"): through a whole sign-in every page carries the security headers,
 * and every cookie — the provider's session and interaction cookies, the device cookie, security
 * info's — is Secure, HttpOnly and SameSite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request, { type Response } from 'supertest';
import { startTestApp, TEST_REDIRECT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton } from '../support/user-agent.ts';

function authorizeUrl(): string {
  const query = new URLSearchParams({
    client_id: WEB_CLIENT.id, response_type: 'code', scope: 'openid', state: 'st', redirect_uri: TEST_REDIRECT_URI,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
  });
  return `/auth?${query.toString()}`;
}

/** What a browser keeps: the cookies' values by name, and every Set-Cookie line seen. */
class Jar {
  readonly values = new Map<string, string>();
  readonly lines: string[] = [];
  take(response: Response): Response {
    for (const line of (response.headers['set-cookie'] as unknown as string[] | undefined) ?? []) {
      this.lines.push(line);
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.values.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }
  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

describe('behind a TLS-terminating proxy (TRUST_PROXY)', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp({ label: 'tlsproxy', env: { TRUST_PROXY: '127.0.0.1', ISSUER: 'https://id.example.test' } });
    await createTestUser({ username: 'alice' });
  });
  afterAll(async () => proxied.close());

  it('a whole sign-in: every cookie is Secure, HttpOnly and SameSite; every page carries the security headers', async () => {
    const https = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.20' };
    const jar = new Jar();
    const get = async (path: string) => jar.take(await request(proxied.issuer).get(path).set(https).set('Cookie', jar.header()).redirects(0));

    const authorize = await get(authorizeUrl());
    const interaction = authorize.headers.location ?? '';
    expect(interaction).toMatch(/^\/interaction\//);
    const login = await get(interaction);
    expect(login.status).toBe(200);
    const form = formWithButton(login.text, 'login');
    const posted = jar.take(await request(proxied.issuer).post(new URL(form.action, proxied.settings.issuer).pathname).set(https).set('Cookie', jar.header())
      .type('form').send({ ...form.fields, username: 'alice', password: DEFAULT_PASSWORD, action: 'login' }).redirects(0));
    expect(posted.status).toBe(303);
    const resumed = await get(new URL(posted.headers.location ?? '', proxied.settings.issuer).pathname);
    expect(resumed.headers.location).toMatch(/^http:\/\/rp\.test\/callback\?code=/);
    const info = await get('/security-info');

    expect([...jar.values.keys()]).toEqual(expect.arrayContaining(['_session', '_interaction', 'vigil_device', 'vigil_security_info_flow']));
    for (const cookie of jar.lines) {
      const flags = cookie.toLowerCase();
      expect(flags, cookie).toContain('; secure');
      expect(flags, cookie).toContain('; httponly');
      expect(flags, cookie).toMatch(/; samesite=(lax|strict)/);
    }
    for (const response of [login, info]) {
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
    const discovery = await request(proxied.issuer).get('/.well-known/openid-configuration').set(https);
    expect(discovery.body.issuer).toBe('https://id.example.test');
  });
});
