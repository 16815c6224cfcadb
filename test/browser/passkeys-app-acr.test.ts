/**
 * Journey: an app (the test RP) that asks for phishing-resistant authentication, an essential
 * `phr` acr claim, gets it only through WebAuthn (Chromium's virtual authenticator). A user whose
 * only method is an authenticator app is, after the password, shown the page that says what to do
 * (no code box); once they have added a passkey in security info the MFA step offers the passkey,
 * and the ID token says acr `phr` (`phrh` when the app asks for that: the virtual authenticator's
 * key is device-bound, amr `hwk`), while the same app asking for MFA still gets the MFA acr. A
 * passwordless passkey sign-in for the app meets `phr` too. The ISSUER is http://localhost:<port>
 * (an IP address is not a valid RP ID).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR, PHR_ACR, PHRH_ACR } from '../../src/oidc/acr.ts';
import { registerMfa, totpNow } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, errorOnRp, expectHeading, field, onVigil, signInWithPassword, startSignIn, submitLogin } from './support/pages.ts';
import type { Session } from './support/session.ts';
import { FIRST_PARTY } from './support/stack.ts';
import { addVirtualAuthenticator, type VirtualAuthenticator } from './support/webauthn.ts';

const journeys = browserJourneys({ label: 'pkappacr', issuerHost: 'localhost' });

/** The `claims` parameter of an app demanding these acr values (and the username, as the test RP always asks). */
const essentialAcr = (...values: string[]): string =>
  JSON.stringify({ id_token: { preferred_username: null, acr: { essential: true, values } } });

let appSecret = '';

beforeAll(async () => {
  const ada = await createTestUser({ username: 'ada' });
  appSecret = (await registerMfa(journeys.vigil, ada._id.toString())).secret;
  await createTestUser({ username: 'pia' });
});

/**
 * Security info in the session's browser: its own password sign-in, a TOTP confirmation when the
 * user has an app (`totpSecret`), then a passkey added with the virtual authenticator.
 */
async function addPasskeyInSecurityInfo(session: Session, authenticator: VirtualAuthenticator, username: string, totpSecret?: string): Promise<void> {
  const { page } = session;
  await page.goto(`${journeys.vigil.issuer}/security-info`);
  await onVigil(journeys, session, '/interaction/');
  await session.checkPage('passkeys-app-acr-security-info-login', { screenshot: false });
  await submitLogin(session, username, DEFAULT_PASSWORD);
  await onVigil(journeys, session, '/security-info');
  await expectHeading(page, 'Security info');
  if (totpSecret) {
    await session.checkPage('passkeys-app-acr-security-info-confirm', { screenshot: false });
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, totpSecret));
    await action(page, 'verify').click();
    await action(page, 'add-passkey').waitFor();
  }
  await session.checkPage('passkeys-app-acr-security-info', { screenshot: false });
  await page.getByLabel('Name (so you can tell your keys apart)').fill('This laptop');
  await action(page, 'add-passkey').click();
  await page.locator('p.notice[role="status"]').waitFor();
  await session.checkPage('passkeys-app-acr-added', { screenshot: false });
  expect(await authenticator.credentials()).toHaveLength(1);
}

describe('an app asking for the phishing-resistant acr (phr)', () => {
  it('tells a user with only an authenticator app what to do, with no code box', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'ada', DEFAULT_PASSWORD, FIRST_PARTY, { claims: essentialAcr(PHR_ACR) });
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'This sign-in needs a passkey or security key');
    expect(await field(page, 'one-time-code').count()).toBe(0);
    expect(await action(page, 'verify').count()).toBe(0);
    expect(await page.locator('main li').allTextContents()).toEqual([
      'On a device you trust (your usual computer or phone), open your security info page and add a passkey or security key. Then sign in again.',
      'If you cannot do that, contact your administrator.',
    ]);
    await session.checkPage('passkeys-app-acr-needs-key', { screenshot: false });
    await action(page, 'deny').click();
    expect((await errorOnRp(journeys, session)).error).toBe('access_denied');
    expect(session.minorViolations).toEqual([]);
  });

  it('once the user has a passkey, offers only it and reports phr (phrh when asked), the MFA acr to an app asking for MFA', async () => {
    const session = await journeys.session();
    const { page } = session;
    const authenticator = await addVirtualAuthenticator(session);
    await addPasskeyInSecurityInfo(session, authenticator, 'ada', appSecret);
    const [credential] = await authenticator.credentials();
    const signCount = credential?.signCount ?? 0;

    // A new password sign-in for the app (prompt=login). The authenticator waits for a touch
    // meanwhile, so the login page's passkey autofill does not sign in without the password.
    await authenticator.presence(false);
    await signInWithPassword(journeys, session, 'ada', DEFAULT_PASSWORD, FIRST_PARTY, { claims: essentialAcr(PHR_ACR), prompt: 'login' });
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    expect(await field(page, 'one-time-code').count()).toBe(0);
    expect(await action(page, 'passkey').count()).toBe(1);
    await session.checkPage('passkeys-app-acr-mfa-passkey', { screenshot: false });
    await authenticator.presence(true);
    await action(page, 'passkey').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('ada');
    expect(claims.acr).toBe(PHR_ACR);
    expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect((await authenticator.credentials())[0]?.signCount).toBeGreaterThan(signCount);

    // The same session, no new prompt: the key is device-bound (amr hwk), so phrh is met too;
    // the app asking for MFA gets the MFA acr, as before phr existed.
    await page.goto(journeys.rp.startUrl(FIRST_PARTY.key, { claims: essentialAcr(PHRH_ACR) }));
    expect((await claimsOnRp(journeys, session)).acr).toBe(PHRH_ACR);
    await page.goto(journeys.rp.startUrl(FIRST_PARTY.key, { claims: ESSENTIAL_MFA_CLAIMS }));
    const mfa = await claimsOnRp(journeys, session);
    expect(mfa.acr).toBe(MFA_ACR);
    expect(mfa.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect(session.minorViolations).toEqual([]);
  });

  it('is met by a passwordless passkey sign-in', async () => {
    const session = await journeys.session();
    const { page } = session;
    const authenticator = await addVirtualAuthenticator(session);
    await addPasskeyInSecurityInfo(session, authenticator, 'pia');

    // The login page's autofill request waits unanswered; the button's ceremony replaces it.
    await authenticator.presence(false);
    await startSignIn(journeys, session, FIRST_PARTY, { claims: essentialAcr(PHR_ACR), prompt: 'login' });
    await expectHeading(page, 'Sign in');
    const button = page.locator('#passkey-sign-in');
    await button.waitFor({ state: 'visible' });
    await session.checkPage('passkeys-app-acr-login', { screenshot: false });
    await authenticator.presence(true);
    await button.click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('pia');
    expect(claims.acr).toBe(PHR_ACR);
    expect(claims.amr).toEqual(['hwk', 'user', 'mfa']);
    expect(session.minorViolations).toEqual([]);
  });
});
