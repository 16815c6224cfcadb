import { describe, it, expect } from 'vitest';
import { HOUR, ManualClock, MINUTE } from '../../../src/clock.ts';
import { DEFAULT_LOCKOUT_POLICY, isLocked, nextLockState, resolveLockoutPolicy } from '../../../src/mfa/lockout.ts';

const clock = new ManualClock('2026-01-05T09:00:00Z');
const now = clock.now();

function lockMs(consecutiveFailures: number): number | null {
  const state = nextLockState({ consecutiveFailures, now });
  return state.lockedUntil ? state.lockedUntil.getTime() - now.getTime() : null;
}

describe('nextLockState', () => {
  it('lets the first 4 failures through without a lock', () => {
    for (const failures of [0, 1, 2, 3, 4]) {
      expect(nextLockState({ consecutiveFailures: failures, now })).toEqual({ lockedUntil: null, permanentlyLocked: false });
    }
  });

  it('locks for 1 minute at the 5th failure, doubling per further failure, capped at 1 hour', () => {
    expect(lockMs(5)).toBe(1 * MINUTE);
    expect(lockMs(6)).toBe(2 * MINUTE);
    expect(lockMs(7)).toBe(4 * MINUTE);
    expect(lockMs(8)).toBe(8 * MINUTE);
    expect(lockMs(10)).toBe(32 * MINUTE);
    expect(lockMs(11)).toBe(HOUR);
    expect(lockMs(60)).toBe(HOUR);
    expect(lockMs(99)).toBe(HOUR);
    expect(nextLockState({ consecutiveFailures: 99, now }).permanentlyLocked).toBe(false);
  });

  it('locks permanently (until an admin resets it) at 100 consecutive failures', () => {
    expect(nextLockState({ consecutiveFailures: 100, now })).toEqual({ lockedUntil: null, permanentlyLocked: true });
    expect(nextLockState({ consecutiveFailures: 250, now })).toEqual({ lockedUntil: null, permanentlyLocked: true });
  });

  it('follows a custom policy', () => {
    const policy = { freeAttempts: 3, baseLockMs: 30_000, maxLockMs: 5 * MINUTE, hardLimit: 20 };
    expect(nextLockState({ consecutiveFailures: 2, now, policy }).lockedUntil).toBeNull();
    expect(nextLockState({ consecutiveFailures: 3, now, policy }).lockedUntil).toEqual(new Date(now.getTime() + 30_000));
    expect(nextLockState({ consecutiveFailures: 4, now, policy }).lockedUntil).toEqual(new Date(now.getTime() + 60_000));
    expect(nextLockState({ consecutiveFailures: 19, now, policy }).lockedUntil).toEqual(new Date(now.getTime() + 5 * MINUTE));
    expect(nextLockState({ consecutiveFailures: 20, now, policy }).permanentlyLocked).toBe(true);
  });

  it('refuses policies beyond NIST\'s 100-attempt ceiling or otherwise nonsensical, and bad counts', () => {
    expect(resolveLockoutPolicy()).toEqual(DEFAULT_LOCKOUT_POLICY);
    expect(() => resolveLockoutPolicy({ hardLimit: 101 })).toThrow(/hardLimit/);
    expect(() => resolveLockoutPolicy({ freeAttempts: 0 })).toThrow(/freeAttempts/);
    expect(() => resolveLockoutPolicy({ freeAttempts: 100 })).toThrow(/hardLimit/);
    expect(() => resolveLockoutPolicy({ baseLockMs: 0 })).toThrow(/durations/);
    expect(() => resolveLockoutPolicy({ baseLockMs: HOUR, maxLockMs: MINUTE })).toThrow(/durations/);
    expect(() => nextLockState({ consecutiveFailures: -1, now })).toThrow(RangeError);
    expect(() => nextLockState({ consecutiveFailures: 2.5, now })).toThrow(RangeError);
  });
});

describe('isLocked', () => {
  it('is unlocked with no lock', () => {
    expect(isLocked({ lockedUntil: null, permanentlyLocked: false }, now)).toEqual({ locked: false });
  });

  it('counts down a timed lock as time moves, rounding up, and ends exactly at lockedUntil', () => {
    const local = new ManualClock('2026-01-05T09:00:00Z');
    const state = nextLockState({ consecutiveFailures: 5, now: local.now() });
    expect(isLocked(state, local.now())).toEqual({ locked: true, retryAfterSeconds: 60 });
    local.advance(59_500);
    expect(isLocked(state, local.now())).toEqual({ locked: true, retryAfterSeconds: 1 });
    local.advance(500);
    expect(isLocked(state, local.now())).toEqual({ locked: false });
  });

  it('reports a permanent lock with no retry time, whatever the clock says', () => {
    const state = nextLockState({ consecutiveFailures: 100, now });
    expect(isLocked(state, now)).toEqual({ locked: true, retryAfterSeconds: null });
    expect(isLocked(state, new Date(now.getTime() + 365 * 24 * HOUR))).toEqual({ locked: true, retryAfterSeconds: null });
  });
});
