/** Journey: an unknown or expired sign-in shows the friendly "expired" page with a way out, not an error dump. */
import { beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { expectLoginPage, startSignIn, submitLogin } from './support/pages.ts';
import type { Session } from './support/session.ts';

const journeys = browserJourneys({ label: 'expired' });

beforeAll(async () => {
  await createTestUser({ username: 'frank' });
});

async function expectExpiredPage(session: Session, name: string): Promise<void> {
  const { page } = session;
  await page.locator('h1', { hasText: 'This sign-in has expired' }).waitFor();
  expect(await page.locator('[role="alert"]').textContent()).toContain('Go back to the application and start again');
  expect(await page.getByRole('link', { name: 'Go to the start page' }).getAttribute('href')).toBe('/');
  expect(await page.locator('main').textContent()).not.toMatch(/Error:|at .*\.(ts|js):\d+/);
  await session.checkPage(name);
}

describe('expired or unknown interaction', () => {
  it('an unknown interaction URL shows the friendly page', async () => {
    const session = await journeys.session();
    const response = await session.page.goto(`${journeys.vigil.issuer}/interaction/no-such-sign-in`);
    expect(response?.status()).toBe(400);
    await expectExpiredPage(session, 'expired');
  });

  it('a login page left open until the sign-in expired shows the friendly page on submit', async () => {
    const session = await journeys.session();
    await startSignIn(journeys, session);
    await expectLoginPage(session);
    const uid = new URL(session.page.url()).pathname.split('/')[2] ?? '';
    // Interactions expire by oidc-provider's own clock (Date.now), so the record is aged, not the clock moved.
    const aged = await mongoose.connection.db?.collection('oidc_interaction').updateOne({ _id: uid as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(aged?.matchedCount).toBe(1);
    await submitLogin(session, 'frank', DEFAULT_PASSWORD);
    await expectExpiredPage(session, 'expired-on-submit');
  });
});
