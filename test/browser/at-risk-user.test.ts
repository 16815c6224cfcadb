/**
 * Journey: a user at risk. Under the user risk policy (high), a user whose password is on the
 * breached list (leaked credentials) is told the account is at risk, verifies with the code from
 * the app, is then made to choose a new password, and lands in the app with amr
 * ["pwd","otp","mfa"]. With the new password the next sign-in goes straight to the app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, field, onVigil, signInWithPassword, textOf } from './support/pages.ts';

const LEAKED = 'trustno1';
const NEW_PASSWORD = 'saffron-glacier-ledger-58';
const journeys = browserJourneys({ label: 'atriskuser', policiesYaml: 'mfaRegistration: { state: disabled }\nsignInRisk: { state: disabled }\nuserRisk: { state: enabled, level: high }\nsspr: { enabledFor: none }\n' });
let mfa: RegisteredMfa;

beforeAll(async () => {
  const user = await createTestUser({ username: 'leon', password: LEAKED });
  mfa = await registerMfa(journeys.vigil, user._id.toString());
});

describe('user at risk (leaked credentials)', () => {
  it('verifies with MFA, must choose a new password, lands in the app; the new password then goes straight in', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'leon', LEAKED);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    expect(await textOf(page, 'p.notice')).toBe('Your account security is at risk. Verify it is you, then choose a new password.');
    await session.checkPage('mfa-prompt-user-risk');

    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, mfa.secret));
    await action(page, 'verify').click();
    await expectHeading(page, 'Choose a new password');
    expect(await textOf(page, 'p.notice')).toBe('Your account security is at risk. Choose a new password you have not used anywhere else.');
    expect(await field(page, 'new-password').count()).toBe(2);
    expect(await field(page, 'current-password').count()).toBe(0);
    await session.checkPage('password-change-user-risk');

    await field(page, 'new-password').nth(0).fill(NEW_PASSWORD);
    await field(page, 'new-password').nth(1).fill(NEW_PASSWORD);
    await action(page, 'change').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('leon');
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);

    const again = await journeys.session();
    await signInWithPassword(journeys, again, 'leon', NEW_PASSWORD);
    const later = await claimsOnRp(journeys, again);
    expect(later.preferred_username).toBe('leon');
    expect(later.amr).toEqual(['pwd']);
  });
});
