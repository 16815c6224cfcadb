/**
 * Journey: a passkey at the sign-in MFA step, with Chromium's virtual authenticator (DevTools
 * protocol WebAuthn). The user adds a passkey in security info, then an app demands MFA (the
 * essential acr claim) on the password-only session: the MFA page offers *Use a passkey or
 * security key*, the browser signs the interaction's challenge, and the app receives the MFA acr
 * with amr ["pwd","hwk","user","mfa"]. The ISSUER is http://localhost:<port> (an IP address is
 * not a valid RP ID).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR } from '../../src/oidc/acr.ts';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, onVigil, textOf } from './support/pages.ts';
import { FIRST_PARTY } from './support/stack.ts';
import { virtualAuthenticator } from './support/webauthn.ts';
import { addPasskeyInSecurityInfo } from './support/passkey-in-security-info.ts';

const journeys = browserJourneys({ label: 'pksignin', issuerHost: 'localhost' });

beforeAll(async () => {
  await createTestUser({ username: 'kim' });
});

describe('a passkey at the sign-in MFA step', () => {
  it('steps an app sign-in up to MFA with a passkey', async () => {
    const session = await journeys.session();
    const { page } = session;
    const credentials = await virtualAuthenticator(session);
    await addPasskeyInSecurityInfo(journeys, session, 'kim', 'This laptop', { login: 'passkeys-sign-in-login', securityInfo: 'passkeys-sign-in-security-info', added: 'passkeys-sign-in-added' });
    expect(await credentials()).toHaveLength(1);

    await page.goto(journeys.rp.startUrl(FIRST_PARTY.key, { claims: ESSENTIAL_MFA_CLAIMS }));
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    expect(await textOf(page, 'p.notice')).toBe(`${FIRST_PARTY.name} asks for an extra verification step.`);
    expect(await page.locator('input[autocomplete="one-time-code"]').count()).toBe(0);
    await session.checkPage('mfa-prompt-passkey');
    const before = (await credentials())[0]?.signCount ?? 0;
    await action(page, 'passkey').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.acr).toBe(MFA_ACR);
    expect(claims.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect((await credentials())[0]?.signCount).toBeGreaterThan(before);
    expect(session.minorViolations).toEqual([]);
  });
});
