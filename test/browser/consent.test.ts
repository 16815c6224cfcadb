/** Journey: a third-party app asks for consent; the user allows (claims reach the app) or denies (access_denied). */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import type { Journeys } from './support/journey.ts';
import { action, claimsOnRp, errorOnRp, expectHeading, expectLoginPage, onVigil, signInWithPassword, submitLogin, textOf } from './support/pages.ts';
import type { Session } from './support/session.ts';
import { THIRD_PARTY } from './support/stack.ts';

const journeys = browserJourneys({ label: 'consent' });

beforeAll(async () => {
  await createTestUser({ username: 'carol' });
  await createTestUser({ username: 'dave' });
});

async function consentPage(session: Session, j: Journeys): Promise<void> {
  await signInWithPassword(j, session, 'carol', DEFAULT_PASSWORD, THIRD_PARTY);
  await onVigil(j, session, '/interaction/');
  await action(session.page, 'approve').waitFor();
  expect(await session.page.locator('h1').textContent()).toBe('Allow access?');
  expect(await session.page.locator('main').textContent()).toContain(THIRD_PARTY.name);
  expect(await textOf(session.page, '#consent-account')).toBe('Signed in as carol.');
  await session.checkPage('consent');
}

describe('consent (third-party app)', () => {
  it('Allow: the app receives the claims', async () => {
    const session = await journeys.session();
    await consentPage(session, journeys);
    await action(session.page, 'approve').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('carol');
    expect(claims.aud).toBe(THIRD_PARTY.clientId);
  });

  it('Deny: the app is told access_denied and gets no code', async () => {
    const session = await journeys.session();
    await consentPage(session, journeys);
    await action(session.page, 'deny').click();
    const { error } = await errorOnRp(journeys, session);
    expect(error).toBe('access_denied');
    expect(new URL(session.page.url()).searchParams.has('code')).toBe(false);
  });

  it('"Not you?": signs in as someone else, and that account consents', async () => {
    const session = await journeys.session();
    await consentPage(session, journeys);
    await session.page.getByRole('button', { name: 'Not you? Sign in as someone else' }).click();
    await expectLoginPage(session, 'login-switch-account');
    expect(await session.page.locator('input[autocomplete="username webauthn"]').inputValue()).toBe('');
    await submitLogin(session, 'dave', DEFAULT_PASSWORD);
    await expectHeading(session.page, 'Allow access?');
    expect(await textOf(session.page, '#consent-account')).toBe('Signed in as dave.');
    await session.checkPage('consent-dave');
    await action(session.page, 'approve').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('dave');
  });
});
