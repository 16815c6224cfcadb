/**
 * What a typed code's check answers, and the bookkeeping every code method shares: failures
 * count against the method tried; after 5 in a row it locks for a growing time, and 100
 * consecutive failures lock it until an admin resets MFA (NIST SP 800-63B 5.2.2).
 */
import { isLocked, nextLockState } from './lockout.ts';
import { Authenticator, type AuthenticatorRecord } from './authenticator.ts';

export type SecondFactorResult =
  /** `recoveryCodesLeft`: a recovery code was spent (the user is told by mail), and how many are left. */
  | { ok: true; recoveryCodesLeft?: number }
  | { ok: false; reason: 'INVALID' | 'REPLAYED' | 'NO_METHOD' }
  /** A recovery code that is not one of the user's unused codes (unknown, or used already). */
  | { ok: false; reason: 'RECOVERY_INVALID' | 'RECOVERY_REPLAYED' }
  | { ok: false; reason: 'LOCKED'; retryAfterSeconds: number | null };

export async function recordFailure(method: AuthenticatorRecord, now: Date): Promise<SecondFactorResult> {
  const consecutiveFailures = method.consecutiveFailures + 1;
  const lock = nextLockState({ consecutiveFailures, now });
  await Authenticator.updateOne({ _id: method._id }, {
    $set: { consecutiveFailures, permanentlyLocked: lock.permanentlyLocked, ...(lock.lockedUntil ? { lockedUntil: lock.lockedUntil } : {}) },
  });
  const status = isLocked(lock, now);
  return status.locked ? { ok: false, reason: 'LOCKED', retryAfterSeconds: status.retryAfterSeconds } : { ok: false, reason: 'INVALID' };
}

export async function recordSuccess(method: AuthenticatorRecord, now: Date, extra: Record<string, unknown>): Promise<void> {
  await Authenticator.updateOne({ _id: method._id }, { $set: { consecutiveFailures: 0, lastUsedAt: now, ...extra }, $unset: { lockedUntil: 1 } });
}

export function lockedResult(method: AuthenticatorRecord, now: Date): SecondFactorResult | undefined {
  const status = isLocked({ lockedUntil: method.lockedUntil ?? null, permanentlyLocked: method.permanentlyLocked }, now);
  return status.locked ? { ok: false, reason: 'LOCKED', retryAfterSeconds: status.retryAfterSeconds } : undefined;
}
