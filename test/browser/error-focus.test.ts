/**
 * Journey: after every failed form the error is easy to find (GOV.UK pattern): the title starts
 * with "Error:", the error summary has focus (document.activeElement) and links to the one field
 * that is wrong, which alone is marked invalid and described by the message. Covers the
 * registration wizard (app code, e-mail address, e-mailed code), the security info check and
 * the change of password, where a wrong current password marks only that field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectFieldError, expectHeading, field, focused, onVigil, submitLogin, toAppSetup, totpSecretOnPage } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;

const journeys = browserJourneys({ label: 'errorfocus', policiesYaml: POLICIES, mail: true });
let ellaMfa: RegisteredMfa;

beforeAll(async () => {
  await createTestUser({ username: 'erin' });
  const ella = await createTestUser({ username: 'ella' });
  ellaMfa = await registerMfa(journeys.vigil, ella._id.toString());
});

function wrongCode(right: string): string {
  return right === '000000' ? '111111' : '000000';
}

describe('errors are easy to find', () => {
  it('in the registration wizard: the app code, the e-mail address and the e-mailed code', async () => {
    const session = await journeys.session();
    const { page } = session;
    await toAppSetup(journeys, session, 'erin', DEFAULT_PASSWORD);
    const secret = await totpSecretOnPage(page);

    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(wrongCode(totpNow(journeys.vigil, secret)));
    await action(page, 'verify').click();
    await expectFieldError(page, field(page, 'one-time-code'), 'That code did not match. Check the time on your phone and try the current code.');
    await session.checkPage('mfa-register-totp-error');
    // The summary's link takes the keyboard to the field.
    await page.locator('#error-summary a').click();
    expect((await focused(page)).id).toBe('code');
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, secret));
    await action(page, 'verify').click();
    await expectHeading(page, 'Save your recovery codes');
    await session.checkPage('mfa-register-recovery-codes');
    await action(page, 'confirm').click();

    await expectHeading(page, 'Add an e-mail for password reset');
    await session.checkPage('mfa-register-email');
    await field(page, 'email').fill('not-an-address');
    await action(page, 'send').click();
    await expectFieldError(page, field(page, 'email'), 'Enter a valid e-mail address.');
    await session.checkPage('mfa-register-email-error');
    await field(page, 'email').fill('erin.reset@example.test');
    await action(page, 'send').click();

    await expectHeading(page, 'Check your e-mail');
    await session.checkPage('mfa-register-email-code');
    await field(page, 'one-time-code').fill('000000');
    await action(page, 'verify').click();
    await expectFieldError(page, field(page, 'one-time-code'), 'That code is not valid.');
    await session.checkPage('mfa-register-email-code-error');
    await action(page, 'skip').click();
    expect((await claimsOnRp(journeys, session)).preferred_username).toBe('erin');
  });

  it('on security info: the check with the app, then a wrong current password marks only that field', async () => {
    const session = await journeys.session();
    const { page } = session;
    await page.goto(`${journeys.vigil.issuer}/security-info`);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Sign in');
    await session.checkPage('security-info-sign-in');
    await submitLogin(session, 'ella', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/security-info');
    await expectHeading(page, 'Security info');
    await session.checkPage('security-info');

    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(wrongCode(totpNow(journeys.vigil, ellaMfa.secret)));
    await action(page, 'verify').click();
    await expectFieldError(page, field(page, 'one-time-code'), 'That code is not valid. Check your authenticator app and try again.');
    await session.checkPage('security-info-verify-error');
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, ellaMfa.secret));
    await action(page, 'verify').click();
    await action(page, 'regenerate').waitFor();
    await session.checkPage('security-info-verified-ella');

    await page.getByRole('link', { name: 'Change password' }).click();
    await expectHeading(page, 'Choose a new password');
    await session.checkPage('security-info-password');
    await field(page, 'current-password').fill('not-my-password');
    await field(page, 'new-password').nth(0).fill('lantern-orchard-velvet-compass');
    await field(page, 'new-password').nth(1).fill('lantern-orchard-velvet-compass');
    await action(page, 'change').click();
    await expectFieldError(page, field(page, 'current-password'), 'Your current password is not correct.');
    for (const input of [field(page, 'new-password').nth(0), field(page, 'new-password').nth(1)]) {
      expect(await input.getAttribute('aria-invalid')).toBeNull();
    }
    // Passwords are never sent back to the page.
    expect(await field(page, 'current-password').inputValue()).toBe('');
    await session.checkPage('security-info-password-error');
  });
});
