/**
 * The sign-in-risk and user-risk policies as pure decisions: at or above the policy's level, for
 * a user the policy applies to, MFA is required (user risk: then a secure password change).
 * `reportOnly` says what would have happened without enforcing it.
 */
import { atOrAbove, type RiskLevel } from '../risk/level.ts';
import { appliesTo, type PolicySubject } from './applies-to.ts';
import type { Policies } from './schema.ts';

export type RiskDecision = 'none' | 'enforce' | 'reportOnly';

/** Whether the policy could act on this user at some risk level (not disabled, user in scope). */
export function riskPolicyCovers(policy: Policies['signInRisk'] | Policies['userRisk'], user: PolicySubject): boolean {
  return policy.state !== 'disabled' && appliesTo(policy, user);
}

export function riskPolicyDecision(policy: Policies['signInRisk'] | Policies['userRisk'], user: PolicySubject, level: RiskLevel): RiskDecision {
  if (!riskPolicyCovers(policy, user) || !atOrAbove(level, policy.level)) return 'none';
  return policy.state === 'reportOnly' ? 'reportOnly' : 'enforce';
}
