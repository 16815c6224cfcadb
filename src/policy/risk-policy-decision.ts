/**
 * The sign-in-risk and user-risk policies as pure decisions: at or above the policy's level, for
 * a user the policy applies to, MFA is required (user risk: then a secure password change).
 * `reportOnly` says what would have happened without enforcing it.
 */
import { atOrAbove, type RiskLevel } from '../risk/level.ts';
import { appliesTo, type PolicySubject } from './applies-to.ts';
import type { Policies } from './schema.ts';

export type RiskDecision = 'none' | 'enforce' | 'reportOnly';

export function riskPolicyDecision(policy: Policies['signInRisk'] | Policies['userRisk'], user: PolicySubject, level: RiskLevel): RiskDecision {
  if (policy.state === 'disabled' || !appliesTo(policy, user) || !atOrAbove(level, policy.level)) return 'none';
  return policy.state === 'reportOnly' ? 'reportOnly' : 'enforce';
}
