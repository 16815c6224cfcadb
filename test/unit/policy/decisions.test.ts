import { describe, expect, it } from 'vitest';
import { DAY } from '../../../src/clock.ts';
import { registrationDecision } from '../../../src/policy/mfa-registration-decision.ts';
import { riskPolicyDecision } from '../../../src/policy/risk-policy-decision.ts';
import { mfaRegistrationSchema, POLICIES_OFF, policiesSchema, signInRiskSchema } from '../../../src/policy/schema.ts';
import { decideSignIn } from '../../../src/policy/sign-in-decision.ts';
import { RISK_LEVELS, type RiskLevel } from '../../../src/risk/level.ts';

const alice = { username: 'alice', groups: ['staff'] };

describe('risk policies at each level', () => {
  const expected: Record<'low' | 'medium' | 'high', RiskLevel[]> = { low: ['low', 'medium', 'high'], medium: ['medium', 'high'], high: ['high'] };
  for (const threshold of ['low', 'medium', 'high'] as const) {
    it(`a policy at ${threshold} fires at or above it, never on none`, () => {
      const policy = signInRiskSchema.parse({ state: 'enabled', level: threshold });
      const firing = RISK_LEVELS.filter((level) => riskPolicyDecision(policy, alice, level) === 'enforce');
      expect(firing).toEqual(expected[threshold]);
    });
  }

  it('disabled never fires; reportOnly reports instead of enforcing; exclusion wins', () => {
    const parse = (signInRisk: object) => signInRiskSchema.parse(signInRisk);
    expect(riskPolicyDecision(parse({ state: 'disabled', level: 'low' }), alice, 'high')).toBe('none');
    expect(riskPolicyDecision(parse({ state: 'reportOnly', level: 'low' }), alice, 'high')).toBe('reportOnly');
    expect(riskPolicyDecision(parse({ state: 'enabled', level: 'low', exclude: { groups: ['staff'] } }), alice, 'high')).toBe('none');
  });
});

describe('the sign-in decision order', () => {
  const policies = policiesSchema.parse({ ...POLICIES_OFF, signInRisk: { state: 'enabled', level: 'medium' }, userRisk: { state: 'enabled', level: 'high' } });
  const decide = (over: Partial<Parameters<typeof decideSignIn>[0]>) =>
    decideSignIn({ policies, user: alice, disabled: false, passwordOk: true, signInRisk: 'none', userRisk: 'none', ...over }).decision;

  it('disabled or a wrong password blocks; user risk wins over sign-in risk; otherwise allow', () => {
    expect(decide({ disabled: true, userRisk: 'high' })).toBe('block');
    expect(decide({ passwordOk: false })).toBe('block');
    expect(decide({ userRisk: 'high', signInRisk: 'high' })).toBe('mfa+passwordChange');
    expect(decide({ signInRisk: 'medium' })).toBe('mfa');
    expect(decide({ signInRisk: 'low', userRisk: 'medium' })).toBe('allow');
  });
});

describe('the MFA registration decision', () => {
  const policy = mfaRegistrationSchema.parse({ state: 'enabled', gracePeriodDays: 14 });
  const start = new Date('2026-03-01T00:00:00Z');
  const user = { ...alice, mfaRegistrationStartedAt: start, mfaGraceExtensionDays: 0 };

  it('counts down the grace period, then requires registration', () => {
    expect(registrationDecision(policy, user, false, start)).toMatchObject({ kind: 'interrupt', daysLeft: 14 });
    expect(registrationDecision(policy, user, false, new Date(start.getTime() + 13.5 * DAY))).toMatchObject({ kind: 'interrupt', daysLeft: 1 });
    expect(registrationDecision(policy, user, false, new Date(start.getTime() + 14 * DAY))).toEqual({ kind: 'required' });
    expect(registrationDecision(policy, { ...user, mfaGraceExtensionDays: 3 }, false, new Date(start.getTime() + 14 * DAY))).toMatchObject({ kind: 'interrupt', daysLeft: 3 });
    expect(registrationDecision(policy, user, true, start)).toEqual({ kind: 'none' });
  });
});
