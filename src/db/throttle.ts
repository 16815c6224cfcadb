/**
 * Request throttling kept in the database, so every instance behind the proxy shares one count
 * and a restart forgets nothing. Fixed windows aligned to the epoch (a 1-day window is a UTC
 * day): at most `points` uses of a key per window, so at most twice that in any window-long span.
 *
 * Each use claims a numbered slot (`<prefix>:<key>:<window>#<n>`) by inserting its unique `_id`
 * into `claims` (src/db/claim-once.ts): FerretDB 1.x runs a conditional update or an `$inc`
 * upsert as a separate read and write, so concurrent requests can all pass a counter, while a
 * duplicate `_id` insert is always refused — n concurrent requests never take more than `points`
 * slots. A ticket counter (`throttles`, by `_id`, `$inc`) says which slot to try: exact on
 * MongoDB, and on FerretDB a request whose ticket was handed out twice walks on to the next free
 * slot. So a use costs one update and one insert, and a refused one a single update.
 *
 * rate-limiter-flexible's RateLimiterMongo was tried on FerretDB 1.24 and not used: its TTL index
 * cannot be created there ("expireAfterSeconds is not implemented yet"), it finds counters by a
 * non-`_id` key (a whole-collection scan on FerretDB), it reads the system clock rather than the
 * injectable one, and 50 concurrent requests against a limit of 10 got 17 through.
 */
import type { Clock } from '../clock.ts';
import { claimOnce, forgetClaim } from './claim-once.ts';
import { collectionNamed } from './collection.ts';
import { isDuplicateKeyError } from './duplicate-key.ts';

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface Throttle {
  consume(key: string): Promise<ThrottleResult>;
}

export const THROTTLES_COLLECTION = 'throttles';

interface ThrottleTickets {
  _id: string;
  issued: number;
  expiresAt: Date;
}

/** The next slot number to try in this window (1 for the first use). */
async function nextTicket(id: string, end: Date): Promise<number> {
  const tickets = collectionNamed<ThrottleTickets>(THROTTLES_COLLECTION);
  for (let attempt = 0; ; attempt += 1) {
    try {
      const after = await tickets.findOneAndUpdate({ _id: id }, { $inc: { issued: 1 }, $set: { expiresAt: end } }, { upsert: true, returnDocument: 'after' });
      return after?.issued ?? 1;
    } catch (error) {
      // Two first uses of a window can both try to insert the counter: the loser asks again.
      if (!isDuplicateKeyError(error) || attempt > 0) throw error;
    }
  }
}

export interface ThrottleOptions {
  points: number;
  durationSeconds: number;
  keyPrefix: string;
  clock: Clock;
}

interface ThrottleWindow {
  now: Date;
  end: Date;
  /** This key's window: `<prefix>:<key>:<window start>`. */
  id: string;
}

function windowOf(options: ThrottleOptions, key: string): ThrottleWindow {
  const windowMs = options.durationSeconds * 1000;
  const now = options.clock.now();
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  return { now, end: new Date(start + windowMs), id: `${options.keyPrefix}:${key}:${start}` };
}

function refused(window: ThrottleWindow): { ok: false; retryAfterSeconds: number } {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((window.end.getTime() - window.now.getTime()) / 1000)) };
}

export function createThrottle(options: ThrottleOptions): Throttle {
  return {
    async consume(key) {
      const window = windowOf(options, key);
      const ticket = await nextTicket(window.id, window.end);
      for (let slot = ticket; slot <= options.points; slot += 1) {
        if (await claimOnce(`throttle:${window.id}#${slot}`, window.now, window.end)) return { ok: true };
      }
      return refused(window);
    },
  };
}

/** A use taken before the outcome is known; giveBack() returns its slot (the use did not count). */
export type TakenSlot = { ok: true; giveBack(): Promise<void> } | { ok: false; retryAfterSeconds: number };

export interface RefundableThrottle {
  take(key: string): Promise<TakenSlot>;
}

/**
 * The same slots, for a limit on outcomes known only after the work (failed passwords): a use
 * takes a slot first, so concurrent attempts never get more than `points` through, and gives it
 * back when it turns out not to count. Without the ticket counter every take walks from slot 1,
 * so a slot given back is found again — up to `points` inserts a use: for small limits only.
 */
export function createRefundableThrottle(options: ThrottleOptions): RefundableThrottle {
  return {
    async take(key) {
      const window = windowOf(options, key);
      for (let slot = 1; slot <= options.points; slot += 1) {
        const claim = `throttle:${window.id}#${slot}`;
        if (await claimOnce(claim, window.now, window.end)) return { ok: true, giveBack: () => forgetClaim(claim) };
      }
      return refused(window);
    },
  };
}
