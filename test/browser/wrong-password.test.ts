/** Journey: a wrong password shows one error, announced, and tied to both fields with aria-describedby. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, expectFieldError, field, focused, onVigil, signInWithPassword } from './support/pages.ts';

const journeys = browserJourneys({ label: 'wrongpw' });

beforeAll(async () => {
  await createTestUser({ username: 'bob' });
});

describe('wrong password', () => {
  it('shows the error in a focused summary tied to the password field, keeps the username, and the link goes to the password', async () => {
    const session = await journeys.session();
    await signInWithPassword(journeys, session, 'bob', 'not-the-right-password-at-all');
    await onVigil(journeys, session, '/interaction/');
    const { page } = session;
    await expectFieldError(page, field(page, 'current-password'), 'The username or password is incorrect.');
    expect((await focused(page)).id).toBe('error-summary');
    await session.checkPage('login-error');

    expect(await field(page, 'username').inputValue()).toBe('bob');
    expect(await field(page, 'current-password').inputValue()).toBe('');
    await page.locator('#error-summary a').click();
    expect((await focused(page)).id).toBe(await field(page, 'current-password').getAttribute('id'));
    expect(await action(page, 'login').count()).toBe(1);
  });
});
