/**
 * The sign-in decision with strengths (README.md, "How a sign-in is decided"): each MFA reason
 * demands its policy's or the app's strength, the session's MFA must meet the strongest owed, and
 * the decision says which (the MFA page offers only methods that meet it).
 */
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { DAY, ManualClock } from '../../../src/clock.ts';
import { MFA_ACR, PASSWORD_ACR, PHR_ACR } from '../../../src/oidc/acr.ts';
import { POLICIES_OFF, policiesSchema } from '../../../src/policy/schema.ts';
import type { MfaStrength } from '../../../src/mfa/strength.ts';
import { decideOwed, type RequestFacts } from '../../../src/sign-in/decide.ts';
import type { SignInFlowRecord } from '../../../src/sign-in/flow.ts';
import type { UserRecord } from '../../../src/users/user.ts';

const clock = new ManualClock('2026-03-02T09:00:00Z');
const policiesWith = (strength: MfaStrength) => policiesSchema.parse({
  ...POLICIES_OFF,
  mfaRegistration: { state: 'enabled', gracePeriodDays: 0, strength },
  signInRisk: { state: 'enabled', level: 'medium', strength },
  userRisk: { state: 'enabled', level: 'high', strength },
});
const user = { _id: new Types.ObjectId(), username: 'ada', groups: [], disabled: false } as unknown as UserRecord;
const flow = (signInRisk: 'none' | 'medium'): SignInFlowRecord => ({
  _id: 'uid', accountId: 'ada', signInRisk, signInRiskRemediated: false, createdAt: clock.now(), expiresAt: new Date(clock.now().getTime() + DAY),
});

/** A user with an app (and, when `passkey`, a passkey too). */
function facts(over: Partial<RequestFacts> & { passkey?: boolean } = {}): RequestFacts {
  const { passkey = false, ...rest } = over;
  return {
    policies: policiesWith('mfa'), user, flow: flow('none'), sessionHasMfa: false, sessionStrength: null, interactive: true, essentialMfa: false, acrValues: undefined, now: clock.now(),
    userRisk: async () => 'none',
    hasMfa: async (strength) => strength !== 'phishingResistant' || passkey,
    ...rest,
  };
}

describe('strengths in the sign-in decision', () => {
  it('a sign-in risk policy demanding phishingResistant is not met by a code, and says so', async () => {
    const risky = { flow: flow('medium') };
    expect(await decideOwed(facts({ ...risky, policies: policiesWith('phishingResistant') }))).toMatchObject({ prompt: 'mfa', reasons: ['sign_in_risk'], strength: 'phishingResistant' });
    expect((await decideOwed(facts({ ...risky, policies: policiesWith('phishingResistant'), sessionHasMfa: true, sessionStrength: 'mfa' }))).prompt).toBe('mfa');
    expect((await decideOwed(facts({ ...risky, policies: policiesWith('phishingResistant'), sessionHasMfa: true, sessionStrength: 'phishingResistant', passkey: true }))).prompt).toBeUndefined();
    // A flow remediated by a code does not meet a phishing-resistant demand; under mfa it does.
    const remediated = { ...flow('medium'), signInRiskRemediated: true };
    expect((await decideOwed(facts({ flow: remediated, policies: policiesWith('phishingResistant') }))).prompt).toBe('mfa');
    expect((await decideOwed(facts({ flow: remediated }))).prompt).toBeUndefined();
    expect(await decideOwed(facts(risky))).toMatchObject({ prompt: 'mfa', strength: 'mfa' });
  });

  it('the app\'s phr: demanded (essential), preferred (acr_values, only for a user with a passkey), and met by a passkey session', async () => {
    expect(await decideOwed(facts({ essentialStrength: 'phishingResistant' }))).toMatchObject({ prompt: 'mfa', reasons: ['mfa_requested_by_client'], strength: 'phishingResistant' });
    expect((await decideOwed(facts({ essentialStrength: 'phishingResistant', sessionHasMfa: true, sessionStrength: 'phishingResistant' }))).prompt).toBeUndefined();
    expect((await decideOwed(facts({ acrValues: `${PHR_ACR} ${PASSWORD_ACR}` }))).prompt).toBeUndefined();
    expect(await decideOwed(facts({ acrValues: `${PHR_ACR} ${PASSWORD_ACR}`, passkey: true }))).toMatchObject({ prompt: 'mfa', strength: 'phishingResistant' });
    expect(await decideOwed(facts({ acrValues: `${PHR_ACR} ${MFA_ACR}` }))).toMatchObject({ prompt: 'mfa', strength: 'mfa' });
    // The older demand keeps its meaning: a code meets the MFA acr.
    expect((await decideOwed(facts({ essentialMfa: true, sessionHasMfa: true, sessionStrength: 'mfa' }))).prompt).toBeUndefined();
  });

  it('the strongest demand owed wins: sign-in risk under mfa and the app\'s phr', async () => {
    expect(await decideOwed(facts({ flow: flow('medium'), essentialStrength: 'phishingResistant' }))).toMatchObject({ prompt: 'mfa', reasons: ['sign_in_risk', 'mfa_requested_by_client'], strength: 'phishingResistant' });
  });

  it('registration under phishingResistant: an app alone is not a registration', async () => {
    expect(await decideOwed(facts({ policies: policiesWith('phishingResistant') }))).toMatchObject({ prompt: 'mfa_registration' });
    expect((await decideOwed(facts({ policies: policiesWith('phishingResistant'), passkey: true }))).prompt).toBeUndefined();
    expect((await decideOwed(facts({}))).prompt).toBeUndefined();
  });
});
