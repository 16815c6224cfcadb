/**
 * The MFA step with two WebAuthn-form methods in the registry (src/mfa/mfa-page.ts): the page
 * runs the ceremony of the first one the user has that meets the demand, and its answer is checked
 * by that method — a user with only the second method (a passkey, after a fake key defined in the
 * tests) signs in with it, and a user with only the fake key with the fake's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passkeyMethod } from '../../src/mfa/passkeys/method.ts';
import { BUILT_IN_METHODS } from '../../src/mfa/method-registry.ts';
import { ESSENTIAL_MFA_CLAIMS } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { FAKE_KEY_ANSWER, FAKE_KEY_OPTIONS, fakeKeyHolders, fakeKeyMethod } from '../support/fake-mfa-method/fake-key.ts';
import { answerWithPasskey, registerPasskey } from '../support/passkeys.ts';
import { SoftwareAuthenticator } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  // The fake key before the passkey: the registry's first WebAuthn method is not the passkey.
  vigil = await startTestApp({ label: 'twowebauthn', methods: [...BUILT_IN_METHODS.filter((method) => method !== passkeyMethod), fakeKeyMethod, passkeyMethod] });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

async function mfaPage(username: string) {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start({ claims: ESSENTIAL_MFA_CLAIMS });
  const login = await browser.open(started.url.toString());
  const page = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, page };
}

describe('the MFA step with two WebAuthn-form methods', () => {
  it('runs the passkey\'s ceremony for a user who has a passkey only, and accepts it', async () => {
    const user = await createTestUser({ username: 'pax' });
    const authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
    const credential = await registerPasskey(vigil, authenticator, user);
    const { browser, started, page } = await mfaPage('pax');
    expect(page.html).toContain('/mfa/passkey-options"');
    expect(page.html).not.toContain(FAKE_KEY_OPTIONS);
    const done = await answerWithPasskey(browser, page, authenticator, credential);
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
  });

  it('runs the fake key\'s for a user who has that only; the passkey check is not asked', async () => {
    const user = await createTestUser({ username: 'kit' });
    fakeKeyHolders.add(user._id.toString());
    const { browser, started, page } = await mfaPage('kit');
    expect(page.html).toContain(`${FAKE_KEY_OPTIONS}"`);
    const wrong = await browser.submit(page, 'passkey', { assertion: 'not-the-answer' });
    expect(wrong.status).toBe(401);
    const done = await browser.submit(wrong, 'passkey', { assertion: FAKE_KEY_ANSWER });
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'sc', 'mfa']);
  });
});
