/**
 * Journey: combined registration from the policy interrupt — the authenticator app (QR code,
 * key for manual entry, otpauth:// link; the code is computed from the key the page shows),
 * the recovery codes, then an e-mail for password reset verified with the code that really
 * arrives by SMTP. The app then receives amr ["pwd","otp","mfa"] and the MFA acr.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { totpNow } from '../support/mfa.ts';
import { codeFrom } from '../support/reset.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, field, onVigil, recoveryCodesOnPage, signInWithPassword, textOf, totpSecretOnPage } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;
const RESET_ADDRESS = 'walter.private@example.test';

const journeys = browserJourneys({ label: 'mfawizard', policiesYaml: POLICIES, mail: true });

beforeAll(async () => {
  await createTestUser({ username: 'walter' });
});

describe('combined MFA registration', () => {
  it('registers the app, shows recovery codes, verifies an e-mail by mail, and the app gets MFA', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInWithPassword(journeys, session, 'walter', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Keep your account secure');
    await session.checkPage('mfa-registration-interrupt');
    await action(page, 'register').click();

    await expectHeading(page, 'Set up your authenticator app');
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    expect(await qr.count()).toBe(1);
    expect(await page.evaluate<boolean>('(() => { const qr = document.querySelector("img.qr"); return qr.complete && qr.naturalWidth > 0; })()')).toBe(true);
    const secret = await totpSecretOnPage(page);
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const link = new URL(await page.locator('a[href^="otpauth://"]').getAttribute('href') ?? '');
    expect(link.protocol).toBe('otpauth:');
    expect(decodeURIComponent(link.pathname)).toContain('walter');
    expect(link.searchParams.get('secret')).toBe(secret);
    await session.checkPage('mfa-register-totp');
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, secret));
    await action(page, 'verify').click();

    await expectHeading(page, 'Save your recovery codes');
    const codes = await recoveryCodesOnPage(page);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(new Set(codes).size).toBe(10);
    await session.checkPage('mfa-register-recovery-codes');
    await action(page, 'confirm').click();

    await expectHeading(page, 'Add an e-mail for password reset');
    await session.checkPage('mfa-register-email');
    await field(page, 'email').fill(RESET_ADDRESS);
    await action(page, 'send').click();

    await expectHeading(page, 'Check your e-mail');
    expect(await page.locator('main').textContent()).toContain(`We sent a 6-digit code to ${RESET_ADDRESS}.`);
    await session.checkPage('mfa-register-email-code');
    const mail = await journeys.mail.waitFor((m) => m.envelopeTo.includes(RESET_ADDRESS));
    await field(page, 'one-time-code').fill(codeFrom(mail.text));
    await action(page, 'verify').click();

    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('walter');
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);
    const added = await journeys.mail.waitFor((m) => m.envelopeTo.includes('walter@example.test') && /added/i.test(m.subject));
    expect(added.text).not.toContain(secret);
    expect(await textOf(page, 'h1')).toBe('Signed in to the test RP');
  });
});
