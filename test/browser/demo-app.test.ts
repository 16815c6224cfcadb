/**
 * Journey: the development demo app (mounted as `npm start` mounts it). "Sign in and require
 * MFA" starts a sign-in that asks for MFA (it used to reload the demo page), and the claims page
 * shows two labelled boxes — the ID token claims and the userinfo response — and fits a 360 px
 * screen without scrolling sideways (checkPage).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, expectHeading, expectLoginPage, field, onVigil, submitLogin } from './support/pages.ts';

const journeys = browserJourneys({ label: 'demo', demoApp: true });
let mfa: RegisteredMfa;

beforeAll(async () => {
  const user = await createTestUser({ username: 'dora' });
  mfa = await registerMfa(journeys.vigil, user._id.toString());
});

describe('demo app', () => {
  it('"Sign in and require MFA" asks for MFA; the claims fit a phone', async () => {
    const session = await journeys.session();
    const { page } = session;
    await page.goto(`${journeys.vigil.issuer}/demo`);
    await expectHeading(page, 'Demo app');
    await session.checkPage('demo');
    await page.getByRole('link', { name: 'Sign in and require MFA (essential acr claim)' }).click();
    await onVigil(journeys, session, '/interaction/');
    await expectLoginPage(session, 'demo-login');
    await submitLogin(session, 'dora', DEFAULT_PASSWORD);
    await expectHeading(page, 'Verify your identity');
    await session.checkPage('demo-mfa-prompt');
    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, mfa.secret));
    await action(page, 'verify').click();
    await expectHeading(page, 'Signed in');
    const claims = JSON.parse(await page.getByRole('region', { name: 'ID token claims' }).locator('pre').textContent() ?? '{}') as Record<string, unknown>;
    expect(claims.acr).toBe(MFA_ACR);
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    const userinfo = JSON.parse(await page.getByRole('region', { name: 'Userinfo response' }).locator('pre').textContent() ?? '{}') as Record<string, unknown>;
    expect(userinfo).toMatchObject({ sub: claims.sub, preferred_username: 'dora', email: 'dora@example.test' });
    await session.checkPage('demo-claims');
  });
});
