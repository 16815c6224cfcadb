/**
 * Journey: an admin requires a password change (the `mustChangePassword` flag that
 * `user require-password-change` sets, written directly here; the CLI itself is tested in
 * test/password/password-change.test.ts). At the next sign-in the user is asked for a new
 * password, a weak one is refused with a reason tied to the field, a good one goes on to the
 * app, and the new password is the one that works.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/users/user.ts';
import { PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectFieldError, expectHeading, field, onVigil, signInWithPassword, textOf } from './support/pages.ts';

const NEW_PASSWORD = 'amber-kestrel-violin-31';
const journeys = browserJourneys({ label: 'pwforced' });

beforeAll(async () => {
  await createTestUser({ username: 'harriet' });
  const flagged = await User.updateOne({ username: 'harriet' }, { $set: { mustChangePassword: true } });
  expect(flagged.modifiedCount).toBe(1);
});

describe('password change required by an admin', () => {
  it('asks for a new password, refuses a weak one, then goes on to the app; the new password works', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'harriet', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Choose a new password');
    expect(await textOf(page, 'p.notice')).toBe('Your administrator requires you to choose a new password.');
    expect(await field(page, 'new-password').count()).toBe(2);
    await session.checkPage('password-change-required');

    await field(page, 'new-password').nth(0).fill('password1234567890');
    await field(page, 'new-password').nth(1).fill('password1234567890');
    await action(page, 'change').click();
    await expectFieldError(page, field(page, 'new-password').nth(0), /common|easy to guess/);
    await session.checkPage('password-change-error');

    await field(page, 'new-password').nth(0).fill(NEW_PASSWORD);
    await field(page, 'new-password').nth(1).fill(NEW_PASSWORD);
    await action(page, 'change').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('harriet');
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe(PASSWORD_ACR);

    const again = await journeys.session();
    await signInWithPassword(journeys, again, 'harriet', NEW_PASSWORD);
    expect((await claimsOnRp(journeys, again)).preferred_username).toBe('harriet');
  });
});
