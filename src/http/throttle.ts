/**
 * Request throttling kept in the database, so every instance behind the proxy shares one count
 * and a restart forgets nothing. Fixed windows aligned to the epoch (a 1-day window is a UTC
 * day): at most `points` uses of a key per window, so at most twice that in any window-long span.
 *
 * Each use claims a numbered slot (`<prefix>:<key>:<window>#<n>`) by inserting its unique `_id`
 * into `claims` (src/db/claim-once.ts): FerretDB 1.x runs a conditional update or an `$inc`
 * upsert as a separate read and write, so concurrent requests could all pass a counter, while a
 * duplicate `_id` insert is always refused — n concurrent requests can never take more than
 * `points` slots. A small hint document (`throttles`, by `_id`) says where the next free slot is
 * likely to be, so a use costs one read and one insert, and a refused one a single read. Rate
 * limiter libraries' database stores were not used: they find counters by a non-`_id` key,
 * rely on TTL indexes (FerretDB has none) and read the system clock, not the injectable one.
 */
import type { Clock } from '../clock.ts';
import { claimOnce } from '../db/claim-once.ts';
import { collectionNamed } from '../db/collection.ts';
import { isDuplicateKeyError } from '../db/duplicate-key.ts';

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface Throttle {
  consume(key: string): Promise<ThrottleResult>;
}

export const THROTTLES_COLLECTION = 'throttles';

interface ThrottleHint {
  _id: string;
  used: number;
  expiresAt: Date;
}

export interface ThrottleOptions {
  points: number;
  durationSeconds: number;
  keyPrefix: string;
  clock: Clock;
}

export function createThrottle(options: ThrottleOptions): Throttle {
  const windowMs = options.durationSeconds * 1000;
  return {
    async consume(key) {
      const now = options.clock.now();
      const start = Math.floor(now.getTime() / windowMs) * windowMs;
      const end = new Date(start + windowMs);
      const id = `${options.keyPrefix}:${key}:${start}`;
      const hints = collectionNamed<ThrottleHint>(THROTTLES_COLLECTION);
      const hint = await hints.findOne({ _id: id });
      for (let slot = (hint?.used ?? 0) + 1; slot <= options.points; slot += 1) {
        if (!await claimOnce(`throttle:${id}#${slot}`, now, end)) continue;
        await hints.updateOne({ _id: id }, { $max: { used: slot }, $set: { expiresAt: end } }, { upsert: true })
          .catch((error: unknown) => { if (!isDuplicateKeyError(error)) throw error; });
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000)) };
    },
  };
}
