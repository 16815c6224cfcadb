/**
 * Journey: MFA at sign-in. An app that asks for the MFA acr steps a password-only session up
 * with a code from the authenticator app (no second password); a user without the phone gets
 * past a wrong code with a recovery code. The app receives amr ["pwd","otp","mfa"] and the MFA acr.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR, PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, describedBy, expectFieldError, expectHeading, field, onVigil, signInWithPassword, submitRecoveryCode, textOf } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';

const journeys = browserJourneys({ label: 'mfasignin' });
let mfa: RegisteredMfa;

beforeAll(async () => {
  const user = await createTestUser({ username: 'maria' });
  mfa = await registerMfa(journeys.vigil, user._id.toString());
});

describe('MFA at sign-in', () => {
  it('step-up: the app asks for MFA on a password-only session; a code from the app satisfies it', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'maria', DEFAULT_PASSWORD);
    const before = await claimsOnRp(journeys, session);
    expect(before.amr).toEqual(['pwd']);
    expect(before.acr).toBe(PASSWORD_ACR);

    await page.goto(journeys.rp.startUrl(FIRST_PARTY.key, { acr_values: MFA_ACR }));
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    expect(await field(page, 'current-password').count()).toBe(0);
    expect(await textOf(page, 'p.notice')).toBe(`${FIRST_PARTY.name} asks for an extra verification step.`);
    expect(await describedBy(field(page, 'one-time-code'))).toEqual(['Open your authenticator app and enter the 6-digit code.']);
    // Phones show digits for the app's 6-digit code; recovery codes (letters) have their own box.
    const box = field(page, 'one-time-code');
    expect(await box.getAttribute('inputmode')).toBe('numeric');
    expect(await box.getAttribute('pattern')).toBe('[0-9 ]*');
    expect(await box.getAttribute('autocapitalize')).toBeNull();
    expect((await page.locator('details.recovery summary').textContent())?.trim()).toBe('Use a recovery code');
    expect(await page.locator('#recovery-code').isVisible()).toBe(false);
    await session.checkPage('mfa-prompt');

    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, mfa.secret));
    await action(page, 'verify').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('maria');
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);
    expect(claims.sub).toBe(before.sub);
  });

  it('a wrong code is refused with an announced error; a recovery code then gets the user in', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'maria', DEFAULT_PASSWORD, FIRST_PARTY, { acr_values: MFA_ACR });
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    await session.checkPage('mfa-prompt');

    nextStep(journeys.vigil);
    const current = totpNow(journeys.vigil, mfa.secret);
    await field(page, 'one-time-code').fill(current === '000000' ? '111111' : '000000');
    await action(page, 'verify').click();
    await expectFieldError(page, field(page, 'one-time-code'), 'That code is not valid. Check your authenticator app and try again.');
    await session.checkPage('mfa-prompt-error');

    await submitRecoveryCode(page, mfa.recoveryCodes[0] ?? '');
    const claims = await claimsOnRp(journeys, session);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);
  });
});
