/**
 * Issue 11 finding 5: a client learns about (introspection) or revokes only its own tokens; a
 * resource server declared in clients.yaml may also introspect the tokens issued for it.
 * Everyone else gets `active: false` and a revocation that does nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { loadClients } from '../../src/config/clients.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { PUBLIC_CLIENT, SERVICE_CLIENT, startTestApp, TEST_CLIENTS_YAML, THIRD_PARTY_CLIENT, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser } from '../support/users.ts';
import { relyingParty, type RelyingParty } from '../support/user-agent.ts';
import { signInThrough } from './sign-in-flow.ts';

const ORDERS_API = { id: 'orders-api', secret: 'orders-api-secret-0123456789', audience: 'https://api.example.test/orders' } as const;
const ORDERS_CALLER = { id: 'orders-caller', secret: 'orders-caller-secret-0123456789' } as const;

const CLIENTS = `${TEST_CLIENTS_YAML}
- client_id: ${ORDERS_API.id}
  client_secret: ${ORDERS_API.secret}
  grant_types: []
  resource_server:
    audience: ${ORDERS_API.audience}
    scope: orders:read orders:write
- client_id: ${ORDERS_CALLER.id}
  client_secret: ${ORDERS_CALLER.secret}
  grant_types: [client_credentials]
  scope: orders:read
`;

let vigil: TestApp;
let web: RelyingParty;
const as: Record<string, oidc.Configuration> = {};

async function confidential(id: string, secret: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(vigil.issuer), id, undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
}

beforeAll(async () => {
  vigil = await startTestApp({ label: 'introspection', clientsYaml: CLIENTS });
  await createTestUser({ username: 'alice' });
  web = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  as.web = web.config;
  as.thirdParty = await confidential(THIRD_PARTY_CLIENT.id, THIRD_PARTY_CLIENT.secret);
  as.service = await confidential(SERVICE_CLIENT.id, SERVICE_CLIENT.secret);
  as.ordersApi = await confidential(ORDERS_API.id, ORDERS_API.secret);
  as.ordersCaller = await confidential(ORDERS_CALLER.id, ORDERS_CALLER.secret);
});
afterAll(async () => vigil.close());

function introspect(config: oidc.Configuration | undefined, token: string) {
  if (!config) throw new Error('no such client');
  return oidc.tokenIntrospection(config, token);
}

describe('introspection', () => {
  it("another client learns nothing about a user's tokens; the owner does", async () => {
    const { tokens } = await signInThrough(web, vigil.issuer, 'alice');
    const refresh = tokens.refresh_token ?? '';
    for (const token of [tokens.access_token, refresh]) {
      expect(await introspect(as.web, token)).toMatchObject({ active: true, client_id: WEB_CLIENT.id });
      for (const stranger of [as.thirdParty, as.service, as.ordersApi, as.ordersCaller]) {
        expect(await introspect(stranger, token)).toEqual({ active: false });
      }
    }
  });

  it('a resource server introspects the tokens issued for it, and no other client does', async () => {
    const caller = as.ordersCaller;
    if (!caller) throw new Error('setup');
    const granted = await oidc.clientCredentialsGrant(caller, { scope: 'orders:read', resource: ORDERS_API.audience });
    expect(await introspect(as.ordersApi, granted.access_token)).toMatchObject({
      active: true, aud: ORDERS_API.audience, client_id: ORDERS_CALLER.id, scope: 'orders:read',
    });
    expect(await introspect(caller, granted.access_token)).toMatchObject({ active: true });
    for (const stranger of [as.web, as.thirdParty, as.service]) {
      expect(await introspect(stranger, granted.access_token)).toEqual({ active: false });
    }
    // A token without that audience is not the resource server's business.
    const plain = await oidc.clientCredentialsGrant(caller, { scope: 'orders:read' });
    expect(await introspect(as.ordersApi, plain.access_token)).toEqual({ active: false });
  });

  it('tokens are issued only for declared resource servers, with scopes the client was given', async () => {
    const caller = as.ordersCaller;
    const service = as.service;
    if (!caller || !service) throw new Error('setup');
    await expect(oidc.clientCredentialsGrant(caller, { scope: 'orders:read', resource: 'https://elsewhere.example.test/' }))
      .rejects.toMatchObject({ error: 'invalid_target' });
    await expect(oidc.clientCredentialsGrant(caller, { scope: 'orders:write', resource: ORDERS_API.audience }))
      .rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(oidc.clientCredentialsGrant(service, { scope: 'orders:read', resource: ORDERS_API.audience }))
      .rejects.toMatchObject({ error: 'invalid_scope' });
  });
});

describe('revocation', () => {
  it("another client cannot revoke a user's tokens (refused, RFC 7009 §2.1); the owner can", async () => {
    const { tokens } = await signInThrough(web, vigil.issuer, 'alice');
    const refresh = tokens.refresh_token ?? '';
    for (const stranger of [as.thirdParty, as.service, as.ordersApi]) {
      if (!stranger) throw new Error('setup');
      await expect(oidc.tokenRevocation(stranger, tokens.access_token)).rejects.toMatchObject({ error: 'invalid_request' });
      await expect(oidc.tokenRevocation(stranger, refresh)).rejects.toMatchObject({ error: 'invalid_request' });
    }
    // A public client proves nothing about who it is: answered as for an unknown token.
    const spa = await oidc.discovery(new URL(vigil.issuer), PUBLIC_CLIENT.id, { token_endpoint_auth_method: 'none' }, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    await oidc.tokenRevocation(spa, refresh);
    expect(await introspect(as.web, tokens.access_token)).toMatchObject({ active: true });
    expect(await introspect(as.web, refresh)).toMatchObject({ active: true });

    await oidc.tokenRevocation(web.config, refresh);
    expect(await introspect(as.web, refresh)).toEqual({ active: false });
    expect(await introspect(as.web, tokens.access_token)).toEqual({ active: false });
  });
});

describe('clients.yaml resource_server', () => {
  function error(yaml: string): ConfigError {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-clients-'));
    writeFileSync(join(dir, 'clients.yaml'), yaml);
    try {
      loadClients(dir, {});
    } catch (caught) {
      if (caught instanceof ConfigError) return caught;
      throw caught;
    }
    throw new Error('accepted');
  }
  const api = (extra: string) => `- client_id: api\n  client_secret: abcdefghijklmnopqrstuvwxyz\n  grant_types: []\n${extra}`;

  it('is validated: an audience URL, scopes, a confidential client, one client per audience, no unknown keys', () => {
    expect(error(api('  resource_server: { audience: not-a-url, scope: a }\n')).path).toBe('[0].resource_server.audience');
    expect(error(api('  resource_server: { audience: "https://api.example/#x", scope: a }\n')).reason).toMatch(/fragment/);
    expect(error(api('  resource_server: { audience: "https://api.example/", scope: " " }\n')).path).toBe('[0].resource_server.scope');
    expect(error(api('  resource_server: { audience: "https://api.example/", scope: a, scopes: b }\n')).path).toMatch(/^\[0\]\.resource_server/);
    expect(error('- client_id: spa\n  token_endpoint_auth_method: none\n  redirect_uris: [https://app.example/cb]\n  resource_server: { audience: "https://api.example/", scope: a }\n').reason)
      .toMatch(/client_secret/);
    const one = api('  resource_server: { audience: "https://api.example/", scope: a }\n');
    expect(error(one + one.replace('client_id: api', 'client_id: api2')).reason).toMatch(/duplicate resource server audience/);
  });
});
