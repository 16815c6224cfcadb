/** Journey: with self-service reset off (`sspr.enabledFor: none`), "Forgot password?" says to contact the administrator, and Back returns to the login. */
import { describe, expect, it } from 'vitest';
import { browserJourneys } from './support/journey.ts';
import { expectHeading, expectLoginPage, field, interactionUid, startSignIn, textOf } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;

const journeys = browserJourneys({ label: 'forgotnone', policiesYaml: POLICIES });

describe('self-service password reset out of scope', () => {
  it('shows "Contact your administrator" without asking for an account, and Back returns to the same login', async () => {
    const session = await journeys.session();
    const { page } = session;
    await startSignIn(journeys, session);
    await expectLoginPage(session);
    const uid = interactionUid(page);

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expectHeading(page, 'Contact your administrator');
    expect(await textOf(page, '[role="alert"]')).toBe('Self-service password reset is not available here. Contact your administrator to reset your password.');
    expect(await field(page, 'username').count()).toBe(0);
    await session.checkPage('password-reset-not-allowed');

    await page.getByRole('link', { name: 'Back' }).click();
    await expectHeading(page, 'Sign in');
    expect(interactionUid(page)).toBe(uid);
    await expectLoginPage(session);
  });
});
