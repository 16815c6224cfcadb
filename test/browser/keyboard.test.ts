/** Journey: the login is completed with the keyboard only — Tab, typing and Enter; focus goes username → password → Sign in. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { claimsOnRp, expectLoginPage, focused, startSignIn } from './support/pages.ts';

const journeys = browserJourneys({ label: 'keyboard' });

beforeAll(async () => {
  await createTestUser({ username: 'grace' });
});

describe('keyboard-only sign-in', () => {
  it('reaches the app without a pointer, in a sensible focus order', async () => {
    const session = await journeys.session();
    const { page } = session;
    await startSignIn(journeys, session);
    await expectLoginPage(session);

    // The page puts focus in the first field itself (nothing focusable comes before it).
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'username' });

    await page.keyboard.type('grace');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'input', name: 'password', type: 'password' });
    await page.keyboard.type(DEFAULT_PASSWORD);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', type: 'submit', name: 'action', value: 'login' });
    await page.keyboard.press('Enter');

    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('grace');
  });
});
