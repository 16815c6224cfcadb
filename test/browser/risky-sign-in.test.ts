/**
 * Journey: a risky sign-in. Under the sign-in risk policy (medium), a password sign-in from an
 * address on an anonymous-IP list (a Tor exit, given to Vigil as X-Forwarded-For behind a trusted
 * proxy) is stepped up to MFA with the reason shown; the code from the app lets the user in, and
 * the app receives amr ["pwd","otp","mfa"] and the MFA acr. The same user from an ordinary address
 * goes straight in, so the step-up comes from the address. The header is sent by the whole
 * browser context; the test RP never reads request headers, so only Vigil acts on it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { MFA_ACR, PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, field, onVigil, signInWithPassword, textOf } from './support/pages.ts';

const TOR_EXIT = '185.220.101.4';
const journeys = browserJourneys({
  label: 'riskysignin',
  env: { TRUST_PROXY: 'true' },
  policiesYaml: 'mfaRegistration: { state: disabled }\nsignInRisk: { state: enabled, level: medium }\nuserRisk: { state: disabled }\nsspr: { enabledFor: none }\n',
  files: { 'risk/anonymous-ips/tor.txt': `# Tor exits (test list)\n${TOR_EXIT}\n` },
});
let mfa: RegisteredMfa;

beforeAll(async () => {
  const user = await createTestUser({ username: 'rosa' });
  mfa = await registerMfa(journeys.vigil, user._id.toString());
});

describe('risky sign-in', () => {
  it('a sign-in from an anonymous IP is stepped up to MFA, says why, and the code lets the user in', async () => {
    const ordinary = await journeys.session();
    await signInWithPassword(journeys, ordinary, 'rosa', DEFAULT_PASSWORD);
    const plain = await claimsOnRp(journeys, ordinary);
    expect(plain.amr).toEqual(['pwd']);
    expect(plain.acr).toBe(PASSWORD_ACR);

    const session = await journeys.session({ headers: { 'X-Forwarded-For': TOR_EXIT } });
    const { page } = session;
    await signInWithPassword(journeys, session, 'rosa', DEFAULT_PASSWORD);
    await onVigil(journeys, session, '/interaction/');
    await expectHeading(page, 'Verify your identity');
    expect(await textOf(page, 'p.notice')).toBe('We noticed something unusual about this sign-in. Verify it is you.');
    expect(await field(page, 'current-password').count()).toBe(0);
    await session.checkPage('mfa-prompt-sign-in-risk');

    nextStep(journeys.vigil);
    await field(page, 'one-time-code').fill(totpNow(journeys.vigil, mfa.secret));
    await action(page, 'verify').click();
    const claims = await claimsOnRp(journeys, session);
    expect(claims.preferred_username).toBe('rosa');
    expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
    expect(claims.acr).toBe(MFA_ACR);

    const event = await SignInEvent.findOne({ username: 'rosa', ip: TOR_EXIT }).sort({ at: -1 }).lean();
    expect(event?.detections.map((detection) => detection.type)).toContain('anonymousIp');
    expect(event?.decisions).toContainEqual({ policy: 'signInRisk', decision: 'mfa' });
  });
});
