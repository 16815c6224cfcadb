/**
 * Journey: the security info page — sign in (its own sign-in), see the methods, confirm it is
 * you with a code from the authenticator app, create new recovery codes and see them; the app
 * then refuses an old recovery code and accepts a new one (amr ["pwd","otp","mfa"]).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { registerResetEmail } from '../support/reset.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectFieldError, expectHeading, field, onVigil, recoveryCodesOnPage, submitLogin, submitRecoveryCode, textOf } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';

const journeys = browserJourneys({ label: 'secinfo', mail: true });
let mfa: RegisteredMfa;

beforeAll(async () => {
  const user = await createTestUser({ username: 'sam' });
  mfa = await registerMfa(journeys.vigil, user._id.toString());
  // A long address: the methods table must still fit a 360 px screen.
  await registerResetEmail(journeys.vigil, user._id.toString(), 'samuel.longname.personal-mailbox@example.test');
});

describe('security info', () => {
  it('verifies with the authenticator app, creates new recovery codes and shows them; only the new ones work', async () => {
    const session = await journeys.session();
    const { page } = session;
    await page.goto(`${journeys.vigil.issuer}/security-info`);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Sign in');
    expect(await textOf(page, 'p.muted')).toBe('to continue to Security info');
    await session.checkPage('security-info-sign-in');
    await submitLogin(session, 'sam', DEFAULT_PASSWORD);

    await onVigil(journeys, session, '/security-info');
    await expectHeading(page, 'Security info');
    expect(await textOf(page, 'p.muted')).toBe('Signed in as sam');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.allTextContents()).toEqual(expect.arrayContaining([
      expect.stringContaining('Authenticator app'),
      expect.stringMatching(/Recovery codes\s*10 of 10 left/),
      expect.stringContaining('samuel.longname.personal-mailbox@example.test'),
    ]));
    expect(await action(page, 'regenerate').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 2, name: 'Confirm it is you' }).count()).toBe(1);
    await session.checkPage('security-info');

    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, mfa.secret));
    await action(page, 'verify').click();
    await action(page, 'regenerate').waitFor();
    expect(await action(page, 'remove').count()).toBe(3);
    expect(await action(page, 'register').textContent()).toBe('Replace authenticator app');
    await session.checkPage('security-info-verified');

    await action(page, 'regenerate').click();
    await page.locator('#recovery-codes').waitFor();
    expect(await textOf(page, 'p.notice[role="status"]')).toBe('Your new recovery codes are below. The old ones no longer work.');
    const codes = await recoveryCodesOnPage(page);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(mfa.recoveryCodes).not.toContain(code);
    await session.checkPage('security-info-new-recovery-codes');
    await journeys.mail.waitFor((m) => m.envelopeTo.includes('sam@example.test') && /recovery codes/i.test(m.subject));

    // The same browser has a password-only session from signing in to security info: the app steps it up.
    await page.goto(journeys.rp.startUrl(FIRST_PARTY.key, { acr_values: MFA_ACR }));
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    await session.checkPage('mfa-prompt');
    await submitRecoveryCode(page, mfa.recoveryCodes[0] ?? '');
    await expectFieldError(page, page.locator('#recovery-code'), 'That recovery code is not one of yours or was already used. Each recovery code works once: try another one.');
    await session.checkPage('mfa-prompt-recovery-error');
    await submitRecoveryCode(page, codes[0] ?? '');
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('sam');
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);
  });
});
