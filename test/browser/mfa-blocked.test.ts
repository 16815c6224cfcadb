/** Journey: an app demands MFA (essential acr claim) from a user who has no method: a clear "contact your administrator" page, never a silent pass; Back tells the app access_denied. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS } from '../../src/oidc/acr.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, errorOnRp, expectHeading, field, onVigil, signInWithPassword, textOf } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';

const journeys = browserJourneys({ label: 'mfablocked' });

beforeAll(async () => {
  await createTestUser({ username: 'otto' });
});

describe('MFA required but no method registered', () => {
  it('blocks the sign-in with a page that says to contact the administrator; the app gets access_denied and no code', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'otto', DEFAULT_PASSWORD, FIRST_PARTY, { claims: ESSENTIAL_MFA_CLAIMS });
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'You cannot sign in right now');
    expect(await textOf(page, '[role="alert"]')).toBe('Your organisation requires additional verification for this sign-in, but you have no verification method set up. Contact your administrator.');
    expect(await field(page, 'one-time-code').count()).toBe(0);
    expect(await action(page, 'register').count()).toBe(0);
    await session.checkPage('mfa-blocked');

    await action(page, 'deny').click();
    const { error } = await errorOnRp(journeys, session);
    expect(error).toBe('access_denied');
    expect(new URL(page.url()).searchParams.has('code')).toBe(false);
  });
});
