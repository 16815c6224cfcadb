import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { loadClients } from '../../src/config/clients.ts';
import { startTestApp, TEST_CLIENTS_YAML, TEST_REDIRECT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent } from '../support/user-agent.ts';

const LEGACY = { id: 'legacy-web', secret: 'legacy-web-secret-0123456789' } as const;
const CLIENTS = `${TEST_CLIENTS_YAML}
- client_id: ${LEGACY.id}
  client_secret: ${LEGACY.secret}
  require_pkce: false
  redirect_uris: [${TEST_REDIRECT_URI}]
  first_party: true
`;

let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'pkce-per-client', clientsYaml: CLIENTS });
  await createTestUser({ username: 'pia' });
});
afterAll(async () => vigil.close());

async function configFor(clientId: string, secret: string) {
  return oidc.discovery(new URL(vigil.issuer), clientId, undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
}

/** An authorization request without code_challenge, as the conformance suite's oidcc plans send it. */
async function authorizeWithoutPkce(config: oidc.Configuration) {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: TEST_REDIRECT_URI, scope: 'openid profile', state, nonce });
  const browser = new UserAgent(vigil.issuer);
  return { page: await browser.open(url.toString()), browser, state, nonce };
}

describe('PKCE per client', () => {
  it('is required by default: a client that did not opt out gets invalid_request without code_challenge', async () => {
    const { page } = await authorizeWithoutPkce(await configFor(WEB_CLIENT.id, WEB_CLIENT.secret));
    const callback = new URL(page.url);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('a confidential client with require_pkce: false signs in without PKCE and redeems the code with its secret', async () => {
    const config = await configFor(LEGACY.id, LEGACY.secret);
    const { page, browser, state, nonce } = await authorizeWithoutPkce(config);
    expect(page.html).toContain('autocomplete="current-password"');
    const done = await browser.submit(page, 'login', { username: 'pia', password: DEFAULT_PASSWORD });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.url), { expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? '');
    expect(userinfo.preferred_username).toBe('pia');
  });

  it('a public client cannot opt out: the file is refused at load with the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-pkce-'));
    try {
      writeFileSync(join(dir, 'clients.yaml'), `- client_id: spa\n  token_endpoint_auth_method: none\n  require_pkce: false\n  redirect_uris: [${TEST_REDIRECT_URI}]\n`);
      expect(() => loadClients(dir, {})).toThrow(/require_pkce.*public client.*always needs PKCE/s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
