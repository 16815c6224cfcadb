/**
 * Request throttling with rate-limiter-flexible. Limits the attacker's source (IP) rather than
 * the account, so guessing at someone's password never locks the real user out.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export type ThrottleResult = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface Throttle {
  consume(key: string): Promise<ThrottleResult>;
  reset(key: string): Promise<void>;
}

export function createThrottle(options: { points: number; durationSeconds: number; keyPrefix: string }): Throttle {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSeconds, keyPrefix: options.keyPrefix });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { ok: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.ceil(rejection.msBeforeNext / 1000) };
        throw rejection;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
