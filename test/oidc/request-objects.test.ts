import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_CLIENTS_YAML, TEST_REDIRECT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const SIGNER = { id: 'jar-client', secret: 'jar-client-secret-0123456789abcdef' } as const;
const registered = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicJwk = { ...registered.publicKey.export({ format: 'jwk' }), kid: 'rp-1', use: 'sig', alg: 'RS256' };

let vigil: TestApp;
let web: RelyingParty;
let signer: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'request-objects', clientsYaml: `${TEST_CLIENTS_YAML}
- client_id: ${SIGNER.id}
  client_secret: ${SIGNER.secret}
  redirect_uris: [${TEST_REDIRECT_URI}]
  first_party: true
  jwks: ${JSON.stringify({ keys: [publicJwk] })}
` });
  await createTestUser({ username: 'rita' });
  web = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  signer = await relyingParty(vigil.issuer, SIGNER.id, SIGNER.secret);
});
afterAll(async () => vigil.close());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function requestObject(alg: string, payload: Record<string, unknown>, key?: KeyObject | string): string {
  const input = `${b64({ alg, typ: 'oauth-authz-req+jwt' })}.${b64(payload)}`;
  if (alg === 'none' || key === undefined) return `${input}.`;
  const signature = typeof key === 'string' ? createHmac('sha256', key).update(input).digest() : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/** Moves every parameter of an authorization URL into a request object; the query keeps client_id and response_type. */
async function byRequestObject(rp: RelyingParty, clientId: string, alg: string, key?: KeyObject | string, extra: Record<string, unknown> = {}) {
  const started = await rp.start();
  const params = Object.fromEntries(started.url.searchParams);
  const now = Math.floor(Date.now() / 1000);
  const payload = { ...params, iss: clientId, aud: vigil.issuer, iat: now, exp: now + 300, ...extra };
  const url = new URL('/auth', vigil.issuer);
  url.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', request: requestObject(alg, payload, key) }).toString();
  return { started, url };
}

async function signInThrough(url: URL) {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open(url.toString());
  expect(login.html).toContain('autocomplete="current-password"');
  return browser.submit(login, 'login', { username: 'rita', password: DEFAULT_PASSWORD });
}

describe('request objects (OIDC Core 6.1)', () => {
  it('discovery lists the request parameter with none and the signing algorithms', async () => {
    const metadata = web.config.serverMetadata();
    expect(metadata.request_parameter_supported).toBe(true);
    expect(metadata.request_object_signing_alg_values_supported).toEqual(expect.arrayContaining(['none', 'HS256', 'RS256']));
  });

  it('an unsigned (alg none) request object is processed: its parameters, which supersede the query, complete the sign-in', async () => {
    const { started, url } = await byRequestObject(web, WEB_CLIENT.id, 'none');
    url.searchParams.set('state', 'from-the-query');
    const done = await signInThrough(url);
    expect(new URL(done.url).searchParams.get('state')).toBe(started.state);
    expect((await web.finish(done.url, started)).claims()?.sub).toBeTruthy();
  });

  it('an unsigned request object naming another client is refused', async () => {
    const { url } = await byRequestObject(web, WEB_CLIENT.id, 'none', undefined, { client_id: SIGNER.id });
    const page = await new UserAgent(vigil.issuer).open(url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('invalid_request_object');
  });

  it('a request object signed HS256 with the client secret is accepted', async () => {
    const { started, url } = await byRequestObject(signer, SIGNER.id, 'HS256', SIGNER.secret);
    const done = await signInThrough(url);
    expect((await signer.finish(done.url, started)).claims()?.sub).toBeTruthy();
  });

  it('a request object signed RS256 with the registered key is accepted, one signed with another key refused', async () => {
    const { started, url } = await byRequestObject(signer, SIGNER.id, 'RS256', registered.privateKey);
    const done = await signInThrough(url);
    expect((await signer.finish(done.url, started)).claims()?.sub).toBeTruthy();

    const forged = await byRequestObject(signer, SIGNER.id, 'RS256', stranger.privateKey);
    const page = await new UserAgent(vigil.issuer).open(forged.url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('invalid_request_object');
  });

  it('a request object by POST works as by GET', async () => {
    const { started, url } = await byRequestObject(web, WEB_CLIENT.id, 'none');
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.post('/auth', Object.fromEntries(url.searchParams));
    const done = await browser.submit(login, 'login', { username: 'rita', password: DEFAULT_PASSWORD });
    expect((await web.finish(done.url, started)).claims()?.sub).toBeTruthy();
  });
});
