/**
 * An essential `phrh` acr claim over real HTTP (openid-client RP, software authenticators): it is
 * met only by a device-bound key (`amr` `hwk`). A user whose passkeys are all synced gets the page
 * that says what to do — after a password or a passwordless synced passkey alike — instead of a
 * sign-in that completes with `phr`; a user with both kinds is stepped up with the device-bound
 * key only (the options list it alone, the synced one is refused), and the ID token's `amr` says
 * both keys and no password. `acr_values=phrh`, a
 * preference, still completes with what the synced passkey proved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHRH_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { passkeyOptionsOf, registerPasskey } from '../support/passkeys.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const ESSENTIAL_PHRH = JSON.stringify({ id_token: { acr: { essential: true, values: [PHRH_ACR] } } });
const WHAT_TO_DO = 'This sign-in needs a passkey or security key';
const SYNCED_NOT_ENOUGH = 'The passkeys you have are synced (kept in a cloud keychain), so they are not enough here.';
const CALLBACK = /^http:\/\/rp\.test\/callback/;

let vigil: TestApp;
let rp: RelyingParty;
let bound: SoftwareAuthenticator;
let synced: SoftwareAuthenticator;
const boundKeys = new Map<string, SoftwareCredential>();
const syncedKeys = new Map<string, SoftwareCredential>();

beforeAll(async () => {
  vigil = await startTestApp({ label: 'phrh' });
  bound = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
  synced = new SoftwareAuthenticator(bound.origin);
  synced.synced = true;
  for (const username of ['cloud', 'cloud2', 'cloud3', 'mixed']) {
    const user = await createTestUser({ username });
    syncedKeys.set(username, await registerPasskey(vigil, synced, user));
    if (username === 'mixed') boundKeys.set(username, await registerPasskey(vigil, bound, user));
  }
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

async function start(params: Record<string, string>) {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  return { browser, started, login };
}

async function answer(browser: UserAgent, page: Page, signer: SoftwareAuthenticator, key: SoftwareCredential | undefined): Promise<Page> {
  if (!key) throw new Error('no such key');
  return browser.submit(page, 'passkey', { assertion: signer.get(await passkeyOptionsOf(browser, page), key) });
}

describe('an essential phrh', () => {
  it('after a password, a user with only a synced passkey gets the page that says what to do', async () => {
    const { browser, login } = await start({ claims: ESSENTIAL_PHRH });
    const next = await browser.submit(login, 'login', { username: 'cloud', password: DEFAULT_PASSWORD });
    expect(next.status).toBe(403);
    expect(next.html).toContain(WHAT_TO_DO);
    expect(next.html).toContain(SYNCED_NOT_ENOUGH);
    expect(next.url).not.toMatch(CALLBACK);
  });

  it('after a passwordless synced passkey, the same page, not the app with phr', async () => {
    const { browser, login } = await start({ claims: ESSENTIAL_PHRH });
    const next = await answer(browser, login, synced, syncedKeys.get('cloud2'));
    expect(next.url).not.toMatch(CALLBACK);
    expect(next.status).toBe(403);
    expect(next.html).toContain(WHAT_TO_DO);
  });

  it('steps a user with both kinds up with the device-bound key only, and reports phrh', async () => {
    const { browser, started, login } = await start({ claims: ESSENTIAL_PHRH });
    const mfa = await answer(browser, login, synced, syncedKeys.get('mixed'));
    expect(mfa.status).toBe(200);
    expect(mfa.html).toContain('Use a passkey or security key');
    const options = await passkeyOptionsOf(browser, mfa) as { allowCredentials?: Array<{ id: string }> };
    expect(options.allowCredentials?.map((entry) => entry.id)).toEqual([boundKeys.get('mixed')?.id]);
    const refused = await answer(browser, mfa, synced, syncedKeys.get('mixed'));
    expect(refused.status).toBe(401);
    const done = await answer(browser, mfa, bound, boundKeys.get('mixed'));
    expect(done.url).toMatch(CALLBACK);
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.acr).toBe(PHRH_ACR);
    // Both keys, no password: a passwordless first step stepped up says no `pwd`.
    expect(claims?.amr).toEqual(['pop', 'user', 'mfa', 'hwk']);
  });
});

describe('acr_values=phrh, a preference', () => {
  it('still completes a synced passkey sign-in, its acr saying what happened (not phrh)', async () => {
    const { browser, started, login } = await start({ acr_values: PHRH_ACR });
    const done = await answer(browser, login, synced, syncedKeys.get('cloud3'));
    expect(done.url).toMatch(CALLBACK);
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.acr).not.toBe(PHRH_ACR);
    expect(claims?.amr).toEqual(['pop', 'user', 'mfa']);
  });
});
