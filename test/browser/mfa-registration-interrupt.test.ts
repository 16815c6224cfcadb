/**
 * Journey: the MFA registration policy interrupts the first sign-in with a visible countdown;
 * "Skip for now" goes on to the app with a password-only sign-in; once the grace period has
 * passed (the clock moved, never slept) the same user can no longer skip.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/clock.ts';
import { PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, onVigil, signInWithPassword, textOf } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;

const journeys = browserJourneys({ label: 'mfainterrupt', policiesYaml: POLICIES });

beforeAll(async () => {
  await createTestUser({ username: 'nina' });
});

describe('MFA registration policy interrupt', () => {
  it('counts down, lets the user skip to the app during the grace period, and stops offering Skip after it', async () => {
    const first = await journeys.session();
    await signInWithPassword(journeys, first, 'nina', DEFAULT_PASSWORD);
    await onVigil(journeys, first, '/interaction/');
    await expectHeading(first.page, 'Keep your account secure');
    expect(await textOf(first.page, '#countdown')).toBe('You can skip this for 14 more days.');
    expect(await action(first.page, 'register').textContent()).toBe('Set it up now');
    expect(await action(first.page, 'skip').textContent()).toBe('Skip for now');
    await first.checkPage('mfa-registration-interrupt');

    await action(first.page, 'skip').click();
    const claims = await claimsOnRp(journeys, first);
    expect(claims.preferred_username).toBe('nina');
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe(PASSWORD_ACR);

    journeys.vigil.clock.advance(15 * DAY);

    const later = await journeys.session();
    await signInWithPassword(journeys, later, 'nina', DEFAULT_PASSWORD);
    await onVigil(journeys, later, '/interaction/');
    await expectHeading(later.page, 'Keep your account secure');
    expect(await textOf(later.page, '#countdown')).toBe('The grace period has ended: set it up now to continue signing in.');
    expect(await action(later.page, 'skip').count()).toBe(0);
    expect(await action(later.page, 'register').count()).toBe(1);
    await later.checkPage('mfa-registration-required');
  });
});
