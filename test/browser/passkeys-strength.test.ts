/**
 * Journey: a sign-in risk policy for the admins group that demands phishing-resistant strength
 * (`strength: phishingResistant`). From an anonymous address (a Tor exit, through the trusted
 * proxy's X-Forwarded-For), an admin whose only method is an authenticator app is refused — no
 * code box, a page that says what to do — and an admin with a passkey (Chromium's virtual
 * authenticator, added in security info from an ordinary address) is offered only the passkey,
 * which satisfies the policy: the app receives amr ["pwd","hwk","user","mfa"]. A registration
 * policy with the same strength (newcomers) offers only a passkey, added inside the wizard.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { registerMfa } from '../support/mfa.ts';
import { policiesYaml } from '../support/policies.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, errorOnRp, expectHeading, field, onVigil, signInWithPassword } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';
import { addVirtualAuthenticator } from './support/webauthn.ts';
import { addPasskeyInSecurityInfo } from './support/passkey-in-security-info.ts';

const TOR_EXIT = '185.220.101.4';

const journeys = browserJourneys({
  label: 'pkstrength',
  issuerHost: 'localhost',
  policiesYaml: policiesYaml({
    signInRisk: '{ state: enabled, include: { groups: [admins] }, level: medium, strength: phishingResistant }',
    mfaRegistration: '{ state: enabled, include: { groups: [newcomers] }, gracePeriodDays: 7, strength: phishingResistant }',
  }),
  env: { TRUST_PROXY: 'true' },
  files: { 'risk/anonymous-ips/tor.txt': `${TOR_EXIT}\n` },
});

beforeAll(async () => {
  const tia = await createTestUser({ username: 'tia', groups: ['admins'] });
  await registerMfa(journeys.vigil, tia._id.toString());
  await createTestUser({ username: 'kai', groups: ['admins'] });
  await createTestUser({ username: 'neo', groups: ['newcomers'] });
});

describe('a policy demanding phishing-resistant strength', () => {
  it('refuses an authenticator app with a page that says what to do', async () => {
    const session = await journeys.session();
    const { page } = session;
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': TOR_EXIT });
    await signInWithPassword(journeys, session, 'tia', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'This sign-in needs a passkey or security key');
    expect(await field(page, 'one-time-code').count()).toBe(0);
    expect(await page.locator('li').allTextContents()).toEqual([
      'On a device you trust (your usual computer or phone), open your security info page and add a passkey or security key. Then sign in again.',
      'If you cannot do that, contact your administrator.',
    ]);
    await session.checkPage('mfa-strength');
    await action(page, 'deny').click();
    expect((await errorOnRp(journeys, session)).error).toBe('access_denied');
  });

  it('is satisfied by a passkey, the only method offered', async () => {
    const session = await journeys.session();
    const { page } = session;
    const authenticator = await addVirtualAuthenticator(session);
    await addPasskeyInSecurityInfo(journeys, session, 'kai', 'This laptop', { login: 'passkeys-strength-login', securityInfo: 'passkeys-strength-security-info', added: 'passkeys-strength-added' });

    // A new password sign-in (prompt=login), now from the anonymous address. The authenticator
    // waits for a touch meanwhile, so the login page's passkey autofill does not sign in without
    // the password.
    await authenticator.presence(false);
    await page.setExtraHTTPHeaders({ 'X-Forwarded-For': TOR_EXIT });
    await signInWithPassword(journeys, session, 'kai', DEFAULT_PASSWORD, FIRST_PARTY, { prompt: 'login' });
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    expect(await field(page, 'one-time-code').count()).toBe(0);
    await session.checkPage('mfa-strength-passkey', { screenshot: false });
    await authenticator.presence(true);
    await action(page, 'passkey').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect(session.minorViolations).toEqual([]);
  });

  it('registration under it offers only a passkey, added inside the wizard', async () => {
    const session = await journeys.session();
    const { page } = session;
    const authenticator = await addVirtualAuthenticator(session);
    await authenticator.presence(false);
    await signInWithPassword(journeys, session, 'neo', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Keep your account secure');
    expect(await action(page, 'register').count()).toBe(0);
    await session.checkPage('mfa-registration-passkey-only', { screenshot: false });
    await action(page, 'register-passkey').click();
    await expectHeading(page, 'Add a passkey or security key');
    await session.checkPage('mfa-register-passkey');
    await page.getByLabel('Name (so you can tell your keys apart)').fill('This laptop');
    await authenticator.presence(true);
    await page.locator('#passkey-add button[type="submit"]').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect(await authenticator.credentials()).toHaveLength(1);
    expect(session.minorViolations).toEqual([]);
  });
});
