/** Who may reset their own password (`sspr.enabledFor`), and with which methods. */
import { METHODS } from '../../mfa/method-registry.ts';
import type { PolicySubject } from '../../policy/applies-to.ts';
import type { Policies } from '../../policy/schema.ts';
import type { ResetChoice, ResetMethod } from './reset-flow-record.ts';

export function ssprEnabledForAnyone(policy: Policies['sspr']): boolean {
  return policy.enabledFor !== 'none';
}

export function ssprAppliesTo(policy: Policies['sspr'], user: PolicySubject): boolean {
  if (policy.enabledFor === 'none') return false;
  if (policy.enabledFor === 'all') return true;
  return policy.enabledFor.groups.some((group) => user.groups.includes(group));
}

/**
 * The methods this user must verify: `methodsRequired` of the allowed methods they have, and
 * always their MFA when they have it (an app or a passkey: a reset never bypasses MFA). null
 * when they cannot meet the requirement.
 */
export function requiredMethods(policy: Policies['sspr'], has: { email: boolean; mfa: boolean }): ResetMethod[] | null {
  const available: ResetMethod[] = [];
  if (has.mfa) available.push('totp');
  if (has.email && policy.methods.includes('email')) available.push('email');
  const count = Math.max(policy.methodsRequired, has.mfa ? 1 : 0);
  if (available.length < count) return null;
  return available.slice(0, count);
}

/**
 * The ways to verify offered after the username: the same for every name typed (they depend on
 * the policy only), so the page never tells who has an account or which methods it has. Every
 * MFA method of the registry (the app, its recovery codes, a passkey) is always offered, since an
 * account with MFA must use it.
 */
export function resetChoices(policy: Policies['sspr']): ResetChoice[] {
  return [...(policy.methods.includes('email') ? ['email' as const] : []), ...METHODS.map((method) => method.id)];
}
