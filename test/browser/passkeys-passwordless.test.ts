/**
 * Journey: signing in with a passkey and no password, with Chromium's virtual authenticator. The
 * user adds a passkey in security info (a discoverable credential), signs out of the app, and on
 * the login page presses *Sign in with a passkey*: the browser offers the passkey it holds for
 * Vigil (no username typed), and the app receives the MFA acr with amr ["hwk","user","mfa"] — no
 * `pwd`. The login page with the passkey button is checked and screenshotted at desktop and phone
 * width. The ISSUER is http://localhost:<port> (an IP address is not a valid RP ID).
 */
import type { Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { claimsOnRp, expectHeading, onVigil, startSignIn } from './support/pages.ts';
import type { Session } from './support/session.ts';
import { virtualAuthenticator } from './support/webauthn.ts';
import { addPasskeyInSecurityInfo } from './support/passkey-in-security-info.ts';

const journeys = browserJourneys({ label: 'pkpwless', issuerHost: 'localhost' });

beforeAll(async () => {
  await createTestUser({ username: 'noor' });
});

/** Into the app on Vigil's session, then the app's sign-out, Vigil's confirmation (checked), back to the app signed out. */
async function signOut(session: Session): Promise<void> {
  const { page } = session;
  await page.goto(journeys.rp.startUrl('first-party'));
  await claimsOnRp(journeys, session);
  await page.locator('#sign-out').click();
  await onVigil(journeys, session, '/session/end');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await session.checkPage('passkeys-passwordless-logout', { screenshot: false });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((url) => url.href === journeys.rp.signedOutUrl);
}

/**
 * Holds the login page's first request for passkey options (the autofill's, made on load) until
 * released or dropped; later requests (the button's) go through.
 */
function holdAutofillRequest(session: Session): { arrived: Promise<void>; release(): Promise<void>; drop(): Promise<void> } {
  let held: Route | undefined;
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => { arrive = resolve; });
  const pattern = '**/interaction/*/passkey-options';
  const handler = async (route: Route): Promise<void> => {
    if (held) {
      await route.continue();
      return;
    }
    held = route;
    arrive();
  };
  void session.page.route(pattern, handler);
  const done = async (settle: (route: Route) => Promise<void>): Promise<void> => {
    await session.page.unroute(pattern, handler);
    if (held) await settle(held).catch(() => undefined);
  };
  return { arrived, release: () => done((route) => route.continue()), drop: () => done((route) => route.abort()) };
}

describe('a passwordless sign-in with a passkey', () => {
  it('adds a passkey, signs out, and signs in with it without a password', async () => {
    const session = await journeys.session();
    const { page } = session;
    const credentials = await virtualAuthenticator(session);
    await addPasskeyInSecurityInfo(journeys, session, 'noor', 'This phone', { login: 'passkeys-passwordless-first-login', securityInfo: 'passkeys-passwordless-security-info', added: 'passkeys-passwordless-added' });
    const [credential] = await credentials();
    expect(credential).toMatchObject({ rpId: 'localhost', isResidentCredential: true });

    await signOut(session);

    // The button. The page's autofill request is held back, so the button's own ceremony answers.
    const autofill = holdAutofillRequest(session);
    await startSignIn(journeys, session);
    await expectHeading(page, 'Sign in');
    const button = page.locator('#passkey-sign-in');
    await button.waitFor({ state: 'visible' });
    expect(await page.locator('#username').getAttribute('autocomplete')).toBe('username webauthn');
    await autofill.arrived;
    await session.checkPage('login-passkey');
    const before = (await credentials())[0]?.signCount ?? 0;
    await button.click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('noor');
    expect(claims.acr).toBe(MFA_ACR);
    expect(claims.amr).toEqual(['hwk', 'user', 'mfa']);
    expect((await credentials())[0]?.signCount).toBeGreaterThan(before);
    await autofill.drop();

    // Conditional UI: the browser offers the passkey in the username field's autofill; the
    // virtual authenticator picks it as soon as the request is made, with no button pressed.
    await signOut(session);
    const conditional = holdAutofillRequest(session);
    await startSignIn(journeys, session);
    await page.locator('#passkey-sign-in').waitFor({ state: 'visible' });
    await conditional.arrived;
    await session.checkPage('passkeys-passwordless-autofill', { screenshot: false });
    await conditional.release();
    const autofilled = await claimsOnRp(journeys, session);
    expect(autofilled.amr).toEqual(['hwk', 'user', 'mfa']);
    expect(autofilled.acr).toBe(MFA_ACR);
    expect(session.minorViolations).toEqual([]);
  });
});
