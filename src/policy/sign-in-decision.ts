/**
 * The risk part of the sign-in decision order (README.md, "How a sign-in is decided") as one
 * pure function: disabled → block; user risk → MFA then a secure password change; sign-in risk →
 * MFA; otherwise allow. reportOnly policies are recorded, not enforced. Only src/sign-in/decide.ts
 * calls it (at the password, at a passkey, and for `risk replay`), so live sign-ins and replay
 * decide alike.
 */
import type { RiskLevel } from '../risk/level.ts';
import type { PolicySubject } from './applies-to.ts';
import { riskPolicyDecision } from './risk-policy-decision.ts';
import type { Policies } from './schema.ts';

export type SignInDecision = 'allow' | 'mfa' | 'mfa+passwordChange' | 'block';

export interface PolicyDecision {
  policy: string;
  decision: string;
}

export interface SignInDecisionInput {
  policies: Policies;
  user: PolicySubject;
  disabled: boolean;
  passwordOk: boolean;
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
}

export function decideSignIn(input: SignInDecisionInput): { decision: SignInDecision; records: PolicyDecision[] } {
  if (!input.passwordOk || input.disabled) return { decision: 'block', records: [{ policy: 'signIn', decision: input.disabled ? 'blocked:disabled' : 'blocked:password' }] };
  const records: PolicyDecision[] = [];
  const userRisk = riskPolicyDecision(input.policies.userRisk, input.user, input.userRisk);
  const signInRisk = riskPolicyDecision(input.policies.signInRisk, input.user, input.signInRisk);
  if (userRisk !== 'none') records.push({ policy: 'userRisk', decision: userRisk === 'enforce' ? 'mfa+passwordChange' : 'reportOnly:mfa+passwordChange' });
  if (signInRisk !== 'none') records.push({ policy: 'signInRisk', decision: signInRisk === 'enforce' ? 'mfa' : 'reportOnly:mfa' });
  if (userRisk === 'enforce') return { decision: 'mfa+passwordChange', records };
  if (signInRisk === 'enforce') return { decision: 'mfa', records };
  return { decision: 'allow', records };
}

/**
 * Whether the MFA a sign-in owes is owed only because of an attack (others' failed passwords):
 * decided again with the sign-in risk its other detections give, it would be allowed. A user
 * with no MFA is then told about the attack, not sent to "contact your administrator".
 */
export function owedOnlyForAttack(input: SignInDecisionInput, signInRiskWithoutAttack: RiskLevel): boolean {
  return decideSignIn(input).decision !== 'allow' && decideSignIn({ ...input, signInRisk: signInRiskWithoutAttack }).decision === 'allow';
}
