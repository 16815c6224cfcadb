/** Journey: a first-party app signs a user in with a password; no consent page; the app gets honest claims. */
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { claimsOnRp, signInWithPassword } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';

const journeys = browserJourneys({ label: 'signin' });

beforeAll(async () => {
  await createTestUser({ username: 'alice' });
});

describe('sign-in (first-party app)', () => {
  it('goes from the app through the login page back to the app, which shows the ID token claims', async () => {
    const session = await journeys.session();
    await signInWithPassword(journeys, session, 'alice', DEFAULT_PASSWORD, FIRST_PARTY);
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('alice');
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe(PASSWORD_ACR);
    expect(claims.aud).toBe(FIRST_PARTY.clientId);
    expect(claims.iss).toBe(journeys.vigil.issuer);
    expect(typeof claims.auth_time).toBe('number');
  });
});
