/**
 * The password reset's own limits, all kept in the database (src/db/throttle.ts) so they hold
 * across instances and restarts. None of them counts against a sign-in method, and none lets a
 * stranger block the user's reset: a stranger who knows a username can use up the strangers'
 * share of that account's reset attempts for the day, never its sign-in, and never the attempts
 * of a device the account trusts (src/password/reset/verify-bucket.ts).
 *
 * The guessing bound (README "Self-service password reset"): each verification attempt is one
 * guess at a 6-digit code; an e-mailed code matches 1 in 10^6, an app code 3 in 10^6 (±1 time
 * step), a recovery code (≥ 80 bits) far less. VERIFY_PER_DAY attempts per account per UTC day
 * from anything but the account's trusted devices, so at most twice that in any 24 hours:
 * 2 × 10 × 3e-6 = 6e-5 < 1e-4 for the app, 2e-5 for e-mail (union bound). Each trusted device
 * has VERIFY_PER_DAY of its own: whoever holds one of the user's own browsers (or a copy of its
 * signed cookie) gets that many more — a separate threat, bounded the same way per device.
 */
import { DAY, type Clock } from '../../clock.ts';
import { createThrottle, type Throttle } from '../../db/throttle.ts';

/** Verification attempts per bucket per UTC day, whichever method and flow. */
export const VERIFY_PER_DAY = 10;
/** Reset e-mails to one account per clock hour (so at most 10 in any hour, 120 a day). */
export const MAILS_PER_HOUR = 5;
/** Chance that one guess matches: an app code accepts 3 codes (±1 step) of 10^6. */
export const GUESS_CHANCE = { email: 1e-6, totp: 3e-6 } as const;

export function guessingBound(method: keyof typeof GUESS_CHANCE, attempts = 2 * VERIFY_PER_DAY): number {
  return attempts * GUESS_CHANCE[method];
}

export interface ResetThrottles {
  /** Reset requests from one source address, whatever the account. */
  source: Throttle;
  /**
   * Reset requests for one account from one source address: a stranger elsewhere never blocks
   * the user's own reset (there is no per-account request limit; the account's mail is capped).
   */
  accountSource: Throttle;
  /** Reset e-mails (codes or notices) to one account: no mail bombing, and no refusal either. */
  mail: Throttle;
  /**
   * Verification attempts per UTC day, per bucket: the account's (everything but its trusted
   * devices: the guessing bound) or one trusted device's (src/password/reset/verify-bucket.ts).
   */
  verify: Throttle;
}

export function createResetThrottles(clock: Clock): ResetThrottles {
  return {
    source: createThrottle({ points: 20, durationSeconds: 900, keyPrefix: 'reset-ip', clock }),
    accountSource: createThrottle({ points: 5, durationSeconds: 900, keyPrefix: 'reset-account-ip', clock }),
    mail: createThrottle({ points: MAILS_PER_HOUR, durationSeconds: 3600, keyPrefix: 'reset-mail', clock }),
    verify: createThrottle({ points: VERIFY_PER_DAY, durationSeconds: DAY / 1000, keyPrefix: 'reset-verify', clock }),
  };
}
