/**
 * The bench's bare baseline runs the protocol Vigil runs (src/oidc/provider-settings.ts, read by
 * both): the same endpoints, grants, response types and claims in discovery, so Vigil's figures
 * over the baseline's measure Vigil's own work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createBareProvider } from '../../../bench/baseline/bare-provider.ts';
import { startTestApp, type TestApp } from '../../support/app.ts';

const SHARED = [
  'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint',
  'introspection_endpoint', 'revocation_endpoint',
  'grant_types_supported', 'response_types_supported', 'claims_parameter_supported', 'acr_values_supported',
  'code_challenge_methods_supported', 'id_token_signing_alg_values_supported',
] as const;

let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'bare-baseline' });
});
afterAll(async () => vigil.close());

/** The shared fields, endpoints by their path (the two run on different hosts). */
function shared(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(SHARED.map((field) => [field, typeof doc[field] === 'string' ? new URL(doc[field]).pathname : doc[field]]));
}

describe('the bare baseline', () => {
  it('publishes the same protocol as Vigil', async () => {
    const bare = createBareProvider('http://127.0.0.1:1', { passwordHash: 'unused' });
    const bareDoc = (await request(bare.callback()).get('/.well-known/openid-configuration')).body as Record<string, unknown>;
    const vigilDoc = (await request(vigil.issuer).get('/.well-known/openid-configuration')).body as Record<string, unknown>;
    expect(shared(bareDoc)).toEqual(shared(vigilDoc));
  });
});
