/**
 * Journey: a way back or out of every step. The start page is a real page that leads to
 * security info; on security info "Remove" asks first and Cancel keeps the method; the app
 * step of "Replace authenticator app" links back; Cancel leaves the change of password; signing
 * out of security info lands on a page with a way to sign in again; an app that sent the user
 * there is linked back to. (The registration
 * interrupt's "Do it later", "Change address" and skipping the e-mail step are in
 * mfa-registration-wizard.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, expectHeading, field, onVigil, submitLogin } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';

const journeys = browserJourneys({ label: 'waysback' });
let mfa: RegisteredMfa;

beforeAll(async () => {
  const wes = await createTestUser({ username: 'wes' });
  mfa = await registerMfa(journeys.vigil, wes._id.toString());
});

describe('ways back and out', () => {
  it('from the start page into security info, and out of each of its steps', async () => {
    const session = await journeys.session();
    const { page } = session;
    await page.goto(`${journeys.vigil.issuer}/`);
    await expectHeading(page, 'Sign-in service');
    await session.checkPage('home');
    await page.getByRole('link', { name: 'Manage your security info' }).click();
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Sign in');
    await session.checkPage('security-info-sign-in');
    await submitLogin(session, 'wes', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/security-info');
    await expectHeading(page, 'Security info');
    await session.checkPage('security-info');
    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, mfa.secret));
    await action(page, 'verify').click();
    await action(page, 'regenerate').waitFor();
    await session.checkPage('security-info-verified-wes');

    // Remove asks first; Cancel keeps the app.
    await page.getByRole('button', { name: 'Remove Authenticator app' }).click();
    await expectHeading(page, 'Remove Authenticator app?');
    await session.checkPage('security-info-remove-confirm');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expectHeading(page, 'Security info');
    expect(await page.locator('table tbody tr', { hasText: 'Authenticator app' }).count()).toBe(1);
    await session.checkPage('security-info-verified-wes');

    // The app step of "Replace authenticator app" links back.
    await action(page, 'register').click();
    await expectHeading(page, 'Set up your authenticator app');
    expect(await action(page, 'skip').count()).toBe(0);
    await session.checkPage('security-info-register-totp');
    await page.getByRole('link', { name: 'Back to security info' }).click();
    await expectHeading(page, 'Security info');
    await session.checkPage('security-info-verified-wes');

    // Cancel leaves the change of password.
    await page.getByRole('link', { name: 'Change password' }).click();
    await expectHeading(page, 'Choose a new password');
    await session.checkPage('security-info-password');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await expectHeading(page, 'Security info');
    await session.checkPage('security-info-verified-wes');

    // Signing out lands on a real page with a way back in.
    await action(page, 'signout').click();
    await expectHeading(page, 'You signed out of security info');
    expect(new URL(page.url()).pathname).toBe('/security-info/signed-out');
    await session.checkPage('security-info-signed-out');
    await page.getByRole('link', { name: 'Sign in to security info again' }).click();
    await onVigil(journeys, session, '/security-info');
    await expectHeading(page, 'Security info');
    await session.checkPage('security-info');

    // An app that sends the user here with its client_id gets "Back to <app>" (its client_uri).
    await page.goto(`${journeys.vigil.issuer}/security-info?client_id=${FIRST_PARTY.clientId}`);
    await expectHeading(page, 'Security info');
    await session.checkPage('security-info-back-to-app');
    await page.getByRole('link', { name: `Back to ${FIRST_PARTY.name}` }).click();
    await page.waitForURL((url) => url.href === journeys.rp.signedOutUrl);
  });
});
