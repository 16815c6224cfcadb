import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import * as oidc from 'openid-client';
import { createApp } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { SERVICE_CLIENT, startTestApp, type TestApp } from '../support/app.ts';

let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'discovery' });
});
afterAll(async () => vigil.close());

describe('discovery, JWKS and machine clients', () => {
  it('publishes discovery with PKCE S256, the MFA acr and the endpoints apps need', async () => {
    const response = await request(vigil.issuer).get('/.well-known/openid-configuration');
    expect(response.status).toBe(200);
    const doc = response.body as Record<string, unknown>;
    expect(doc.issuer).toBe(vigil.issuer);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.acr_values_supported).toContain(MFA_ACR);
    expect(doc.response_types_supported).toEqual(['code']);
    for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint', 'introspection_endpoint', 'revocation_endpoint']) {
      expect(doc[endpoint], endpoint).toMatch(/^http:\/\/127\.0\.0\.1/);
    }
    expect(doc.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
  });

  it('serves public keys only, and keeps the same keys across a restart', async () => {
    const first = await request(vigil.issuer).get('/jwks');
    const keys = (first.body as { keys: Array<Record<string, unknown>> }).keys;
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of keys) expect(key).not.toHaveProperty('d');

    const again = await createApp({ settings: vigil.settings, logger: silentLogger, clock: vigil.clock });
    const second = await request(again.provider.callback()).get('/jwks');
    await again.close();
    expect((second.body as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid).sort()).toEqual(keys.map((k) => k.kid).sort());
  });

  it('stores the signing keys encrypted, not as plain JWKs', async () => {
    const { default: mongoose } = await import('mongoose');
    const stored = await mongoose.connection.db?.collection('signing_keys').findOne({});
    expect(stored).toBeTruthy();
    expect(JSON.stringify(stored)).not.toContain('"d"');
  });

  it('issues client-credentials tokens to a confidential machine client', async () => {
    const config = await oidc.discovery(new URL(vigil.issuer), SERVICE_CLIENT.id, undefined, oidc.ClientSecretBasic(SERVICE_CLIENT.secret), { execute: [oidc.allowInsecureRequests] });
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'api:read' });
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.scope).toBe('api:read');
    const introspected = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspected.active).toBe(true);
    expect(introspected.client_id).toBe(SERVICE_CLIENT.id);
  });

  it('refuses a machine client with a wrong secret', async () => {
    const config = await oidc.discovery(new URL(vigil.issuer), SERVICE_CLIENT.id, undefined, oidc.ClientSecretBasic('wrong-secret-value-xxxx'), { execute: [oidc.allowInsecureRequests] });
    await expect(oidc.clientCredentialsGrant(config, { scope: 'api:read' })).rejects.toMatchObject({ status: 401 });
  });

  it('answers health and readiness probes as JSON', async () => {
    const health = await request(vigil.issuer).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await request(vigil.issuer).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
  });
});
