/**
 * Journey: "Forgot password?" from the login page of an app's sign-in — identify, choose to get
 * a code by e-mail, the code that really arrives by SMTP, a new password — and back to the login
 * of the same authorization request, where the new password signs the user in to the app.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { codeFrom, registerResetEmail } from '../support/reset.ts';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, expectLoginPage, field, interactionUid, startSignIn, submitLogin, textOf } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: all, methodsRequired: 1, methods: [email, totp] }
`;
const RESET_ADDRESS = 'kate.private@example.test';
const NEW_PASSWORD = 'saffron-harbour-quill-88';

const journeys = browserJourneys({ label: 'forgotpw', policiesYaml: POLICIES, mail: true });

beforeAll(async () => {
  const kate = await createTestUser({ username: 'kate' });
  await registerResetEmail(journeys.vigil, kate._id.toString(), RESET_ADDRESS);
});

describe('self-service password reset', () => {
  it('resets with the e-mailed code and returns to the same sign-in, which then reaches the app', async () => {
    const session = await journeys.session();
    const { page } = session;
    await startSignIn(journeys, session);
    await expectLoginPage(session);
    const uid = interactionUid(page);

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expectHeading(page, 'Reset your password');
    await session.checkPage('password-reset-identify');
    await field(page, 'username').fill('kate');
    await action(page, 'send').click();

    await expectHeading(page, 'How do you want to verify it is you?');
    await session.checkPage('password-reset-choose');
    await page.getByLabel('E-mail a code to my password reset address').check();
    await action(page, 'choose').click();

    await expectHeading(page, 'Enter your code');
    expect(await page.locator('main').textContent()).toContain('we sent a 6-digit code to its password reset address');
    await session.checkPage('password-reset-verify');
    const mail = await journeys.mail.waitFor((m) => m.envelopeTo.includes(RESET_ADDRESS));
    await field(page, 'one-time-code').fill(codeFrom(mail.text));
    await action(page, 'verify').click();

    await expectHeading(page, 'Choose a new password');
    expect(await textOf(page, 'p.notice')).toBe('You verified your identity. Choose a new password.');
    await session.checkPage('password-reset-new-password');
    await field(page, 'new-password').nth(0).fill(NEW_PASSWORD);
    await field(page, 'new-password').nth(1).fill(NEW_PASSWORD);
    await action(page, 'reset').click();

    await expectHeading(page, 'Sign in');
    expect(interactionUid(page)).toBe(uid);
    expect(await textOf(page, '[role="status"]')).toBe('Your password was changed. Sign in with your new password.');
    await session.checkPage('login-after-reset');
    await submitLogin(session, 'kate', NEW_PASSWORD);

    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('kate');
    expect(claims.amr).toEqual(['pwd']);
    expect(claims.acr).toBe(PASSWORD_ACR);
    await journeys.mail.waitFor((m) => m.envelopeTo.includes('kate@example.test') && /changed/i.test(m.subject));
  });
});
