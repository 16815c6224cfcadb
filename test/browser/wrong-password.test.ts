/** Journey: a wrong password shows one error, announced, and tied to both fields with aria-describedby. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, describedBy, field, focused, onVigil, signInWithPassword } from './support/pages.ts';

const journeys = browserJourneys({ label: 'wrongpw' });

beforeAll(async () => {
  await createTestUser({ username: 'bob' });
});

describe('wrong password', () => {
  it('shows the error tied to the username and password fields, keeps the username, focuses the password', async () => {
    const session = await journeys.session();
    await signInWithPassword(journeys, session, 'bob', 'not-the-right-password-at-all');
    await onVigil(journeys, session, '/interaction/');
    const { page } = session;
    const alert = page.locator('[role="alert"]');
    await alert.waitFor();
    await session.checkPage('login-error');

    expect((await alert.textContent())?.trim()).toBe('The username or password is incorrect.');
    for (const input of [field(page, 'username'), field(page, 'current-password')]) {
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await describedBy(input)).toEqual(['The username or password is incorrect.']);
    }
    expect(await field(page, 'username').inputValue()).toBe('bob');
    expect(await field(page, 'current-password').inputValue()).toBe('');
    expect((await focused(page)).id).toBe(await field(page, 'current-password').getAttribute('id'));
    expect(await action(page, 'login').count()).toBe(1);
  });
});
