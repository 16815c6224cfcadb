/**
 * The MFA registration policy as a pure decision. The grace period starts at the user's first
 * interactive sign-in after the policy first applies to them (stored on the user) and lasts
 * `gracePeriodDays` plus any extension an admin granted; during it registration can be skipped
 * (with a countdown), after it registration is required.
 */
import { DAY } from '../clock.ts';
import { appliesTo, type PolicySubject } from './applies-to.ts';
import type { Policies } from './schema.ts';

export type RegistrationDecision =
  | { kind: 'none' }
  | { kind: 'reportOnly'; wouldRequire: boolean }
  | { kind: 'interrupt'; daysLeft: number; graceEndsAt: Date }
  | { kind: 'required' };

export function graceEndsAt(startedAt: Date, policy: Policies['mfaRegistration'], extensionDays: number): Date {
  return new Date(startedAt.getTime() + (policy.gracePeriodDays + extensionDays) * DAY);
}

/** Whether the policy could act on this user (not disabled, user in scope). */
export function registrationPolicyCovers(policy: Policies['mfaRegistration'], user: PolicySubject): boolean {
  return policy.state !== 'disabled' && appliesTo(policy, user);
}

export function registrationDecision(
  policy: Policies['mfaRegistration'],
  user: PolicySubject & { mfaRegistrationStartedAt?: Date; mfaGraceExtensionDays?: number },
  hasMfa: boolean,
  now: Date,
): RegistrationDecision {
  if (hasMfa || !registrationPolicyCovers(policy, user)) return { kind: 'none' };
  const started = user.mfaRegistrationStartedAt ?? now;
  const ends = graceEndsAt(started, policy, user.mfaGraceExtensionDays ?? 0);
  const remainingMs = ends.getTime() - now.getTime();
  if (policy.state === 'reportOnly') return { kind: 'reportOnly', wouldRequire: remainingMs <= 0 };
  if (remainingMs <= 0) return { kind: 'required' };
  return { kind: 'interrupt', daysLeft: Math.ceil(remainingMs / DAY), graceEndsAt: ends };
}
