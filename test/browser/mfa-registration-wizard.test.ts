/**
 * Journey: combined registration from the policy interrupt — the authenticator app (QR code,
 * key for manual entry, otpauth:// link; the code is computed from the key the page shows),
 * the recovery codes, then an e-mail for password reset verified with the code that really
 * arrives by SMTP. The app then receives amr ["pwd","otp","mfa"] and the MFA acr.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { totpNow } from '../support/mfa.ts';
import { codeFrom } from '../support/reset.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import type { Session } from './support/session.ts';
import { action, claimsOnRp, toAppSetup, expectHeading, field, onVigil, recoveryCodesOnPage, signInWithPassword, textOf, totpSecretOnPage } from './support/pages.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { users: all }, gracePeriodDays: 14 }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;
const RESET_ADDRESS = 'walter.private@example.test';

const journeys = browserJourneys({ label: 'mfawizard', policiesYaml: POLICIES, mail: true });

beforeAll(async () => {
  for (const username of ['walter', 'wanda', 'xavier', 'yusuf']) await createTestUser({ username });
});

/** From the RP through the interrupt and the app step to the recovery codes (each page checked). */
async function throughAppStep(session: Session, username: string): Promise<void> {
  const { page } = session;
  await toAppSetup(journeys, session, username, DEFAULT_PASSWORD);
  await field(page, 'one-time-code').fill(totpNow(journeys.vigil, await totpSecretOnPage(page)));
  await action(page, 'verify').click();
  await expectHeading(page, 'Save your recovery codes');
}

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

  it('skipping the optional e-mail step finishes registration and returns to the app with MFA (it used to loop)', async () => {
    const session = await journeys.session();
    const { page } = session;
    await throughAppStep(session, 'wanda');
    await session.checkPage('mfa-register-recovery-codes');
    await action(page, 'confirm').click();
    await expectHeading(page, 'Add an e-mail for password reset');
    await session.checkPage('mfa-register-email');
    await action(page, 'skip').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('wanda');
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);
  });

  it('recovery codes can be downloaded, copied and printed', async () => {
    const session = await journeys.session();
    const { page } = session;
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: journeys.vigil.issuer });
    await throughAppStep(session, 'xavier');
    const codes = await recoveryCodesOnPage(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#recovery-codes-download').click()]);
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    const file = await readFile(await download.path(), 'utf8');
    expect(file).toContain('xavier');
    for (const code of codes) expect(file).toContain(code);
    await page.locator('#recovery-codes-copy').click();
    await page.locator('#recovery-codes-status', { hasText: 'Codes copied.' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(codes.join('\n'));
    expect(await page.locator('#recovery-codes-print').isVisible()).toBe(true);
    await session.checkPage('mfa-register-recovery-codes');

    // "Change address" on the e-mail code page goes back to the address, which stays filled in.
    await action(page, 'confirm').click();
    await expectHeading(page, 'Add an e-mail for password reset');
    await session.checkPage('mfa-register-email');
    await field(page, 'email').fill('xavier.typo@example.test');
    await action(page, 'send').click();
    await expectHeading(page, 'Check your e-mail');
    await session.checkPage('mfa-register-email-code');
    await action(page, 'change').click();
    await expectHeading(page, 'Add an e-mail for password reset');
    expect(await field(page, 'email').inputValue()).toBe('xavier.typo@example.test');
    await session.checkPage('mfa-register-email-change');
    await action(page, 'skip').click();
    expect((await claimsOnRp(journeys, session)).acr).toBe(MFA_ACR);
  });

  it('"Do it later" on the app step during the grace period goes on to the app without MFA', async () => {
    const session = await journeys.session();
    const { page } = session;
    await toAppSetup(journeys, session, 'yusuf', DEFAULT_PASSWORD);
    expect((await action(page, 'skip').textContent())?.trim()).toBe('Do it later');
    await action(page, 'skip').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('yusuf');
    expect(claims.amr).toEqual(['pwd']);
  });
});
