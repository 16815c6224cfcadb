/** Journey: RP-initiated logout asks for confirmation, ends the session, and returns to the app. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { claimsOnRp, expectLoginPage, onVigil, signInWithPassword, startSignIn } from './support/pages.ts';
import type { Session } from './support/session.ts';

const journeys = browserJourneys({ label: 'logout' });

beforeAll(async () => {
  await createTestUser({ username: 'erin' });
});

async function confirmPage(session: Session): Promise<void> {
  await onVigil(journeys, session, '/session/end');
  await session.page.getByRole('button', { name: 'Sign out' }).waitFor();
  expect(await session.page.locator('h1').textContent()).toBe('Sign out?');
}

describe('logout', () => {
  it('from the app: confirm page, back to the app, and the next sign-in asks for the password again', async () => {
    const session = await journeys.session();
    await signInWithPassword(journeys, session, 'erin', DEFAULT_PASSWORD);
    await claimsOnRp(journeys, session);

    await session.page.locator('#sign-out').click();
    await confirmPage(session);
    await session.checkPage('logout-confirm');
    await session.page.getByRole('button', { name: 'Sign out' }).click();
    await session.page.waitForURL((url) => url.href === journeys.rp.signedOutUrl);
    await session.page.locator('#signed-out').waitFor();

    await startSignIn(journeys, session);
    await expectLoginPage(session);
  });

  it('"Stay signed in" keeps the session', async () => {
    const session = await journeys.session();
    await signInWithPassword(journeys, session, 'erin', DEFAULT_PASSWORD);
    await claimsOnRp(journeys, session);

    await session.page.locator('#sign-out').click();
    await confirmPage(session);
    await session.checkPage('logout-confirm');
    await session.page.getByRole('button', { name: 'Stay signed in' }).click();
    await session.page.waitForURL((url) => url.href.startsWith(journeys.rp.signedOutUrl));

    await session.page.goto(journeys.rp.startUrl('first-party'));
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('erin');
  });

  it('without a return address: Vigil says the user is signed out', async () => {
    const session = await journeys.session();
    await signInWithPassword(journeys, session, 'erin', DEFAULT_PASSWORD);
    await claimsOnRp(journeys, session);

    await session.page.goto(`${journeys.vigil.issuer}/session/end`);
    await confirmPage(session);
    await session.checkPage('logout-confirm');
    await session.page.getByRole('button', { name: 'Sign out' }).click();
    await onVigil(journeys, session, '/session/end/success');
    expect(await session.page.locator('h1').textContent()).toBe('Signed out');
    await session.checkPage('logout-done');
  });
});
