/**
 * Throttling of failed attempts against one authenticator (password, TOTP, recovery codes, an
 * e-mailed code), NIST SP 800-63B §5.2.2: a few free attempts, then lockouts that double with each
 * further failure up to a cap, and at the hard limit (never more than 100 consecutive failures)
 * the factor stays locked until an administrator resets it. A success resets the count to 0.
 *
 * Pure: the caller keeps `consecutiveFailures` and the resulting state on the record, updating
 * both in one atomic write after each failure.
 */
import { HOUR, MINUTE } from '../clock.ts';

export interface LockoutPolicy {
  /** Failures in a row allowed before the first lock (default 5: the 5th failure locks). */
  freeAttempts: number;
  /** Length of the first lock (default 1 minute); doubles with every further failure. */
  baseLockMs: number;
  /** Longest timed lock (default 1 hour). */
  maxLockMs: number;
  /** Consecutive failures that lock the factor until an admin resets it (default and maximum 100). */
  hardLimit: number;
}

export const DEFAULT_LOCKOUT_POLICY: Readonly<LockoutPolicy> = Object.freeze({
  freeAttempts: 5,
  baseLockMs: MINUTE,
  maxLockMs: HOUR,
  hardLimit: 100,
});

export interface LockState {
  lockedUntil: Date | null;
  permanentlyLocked: boolean;
}

export type LockStatus = { locked: false } | { locked: true; retryAfterSeconds: number | null };

/** Throws on a policy that breaks NIST's ceiling or makes no sense; call at boot to fail early. */
export function resolveLockoutPolicy(policy: Partial<LockoutPolicy> = {}): LockoutPolicy {
  const resolved = { ...DEFAULT_LOCKOUT_POLICY, ...policy };
  const { freeAttempts, baseLockMs, maxLockMs, hardLimit } = resolved;
  if (!Number.isSafeInteger(freeAttempts) || freeAttempts < 1) throw new Error(`Lockout freeAttempts must be an integer ≥ 1, got ${freeAttempts}`);
  if (!Number.isSafeInteger(hardLimit) || hardLimit > 100 || hardLimit <= freeAttempts) {
    throw new Error(`Lockout hardLimit must be an integer above freeAttempts and at most 100 (NIST SP 800-63B), got ${hardLimit}`);
  }
  if (!(baseLockMs > 0) || !(maxLockMs >= baseLockMs)) {
    throw new Error(`Lockout durations need 0 < baseLockMs ≤ maxLockMs, got ${baseLockMs} and ${maxLockMs}`);
  }
  return resolved;
}

/** The lock that applies right after the `consecutiveFailures`-th failure in a row, at `now`. */
export function nextLockState(input: { consecutiveFailures: number; now: Date; policy?: Partial<LockoutPolicy> }): LockState {
  const policy = resolveLockoutPolicy(input.policy);
  const failures = input.consecutiveFailures;
  if (!Number.isSafeInteger(failures) || failures < 0) throw new RangeError(`consecutiveFailures must be a non-negative integer, got ${failures}`);

  if (failures >= policy.hardLimit) return { lockedUntil: null, permanentlyLocked: true };
  if (failures < policy.freeAttempts) return { lockedUntil: null, permanentlyLocked: false };
  // Exponent capped so the arithmetic stays finite; the duration cap applies long before.
  const doublings = Math.min(failures - policy.freeAttempts, 40);
  const duration = Math.min(policy.baseLockMs * 2 ** doublings, policy.maxLockMs);
  return { lockedUntil: new Date(input.now.getTime() + duration), permanentlyLocked: false };
}

export function isLocked(state: LockState, now: Date): LockStatus {
  if (state.permanentlyLocked) return { locked: true, retryAfterSeconds: null };
  if (state.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
    return { locked: true, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) };
  }
  return { locked: false };
}

export interface LockedAnswer {
  status: 429 | 403;
  /** Seconds for the Retry-After header; absent when waiting does not help. */
  retryAfter?: string;
}

/**
 * The HTTP answer to an attempt on a locked factor: 429 with Retry-After while the lock runs out
 * by itself (RFC 6585 §4, RFC 9110 §10.2.3), so the user and any client know when to try again;
 * 403 once only an administrator can lift it.
 */
export function lockedAnswer(retryAfterSeconds: number | null): LockedAnswer {
  if (retryAfterSeconds === null) return { status: 403 };
  return { status: 429, retryAfter: String(Math.max(1, retryAfterSeconds)) };
}
