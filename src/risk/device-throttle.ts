/**
 * A trusted device's own failed passwords, throttled in a bucket of its own, keyed by (account,
 * device id): strangers' failures never fill it (the source throttle skips a trusted device, see
 * throttle.ts), and whoever holds the device — or a copy of its cookie — cannot guess at full
 * speed either. The delay grows: FAILURES_PER_QUARTER wrong passwords in a quarter hour, then
 * wait for the next quarter; FAILURES_PER_DAY in a UTC day, then wait for the next day. Kept in
 * the database (src/db/throttle.ts), so it holds across instances and restarts.
 *
 * Each attempt takes a slot in both windows before its password is verified, so concurrent
 * guesses never get past the limit; a correct password gives its slots back, so only failures
 * count. The bucket is the account's: a device trusted by another account is a stranger here.
 */
import { DAY, type Clock } from '../clock.ts';
import { createRefundableThrottle } from '../db/throttle.ts';
import type { ThrottleDecision } from './throttle.ts';

export const DEVICE_FAILURES_PER_QUARTER = 5;
export const DEVICE_FAILURES_PER_DAY = 20;

export interface DeviceThrottle {
  /** Before verifying the password of an attempt from a device the account trusts. */
  take(userId: string, deviceId: string): Promise<ThrottleDecision>;
}

export function createDeviceThrottle(clock: Clock): DeviceThrottle {
  const quarter = createRefundableThrottle({ points: DEVICE_FAILURES_PER_QUARTER, durationSeconds: 900, keyPrefix: 'device-fail', clock });
  const day = createRefundableThrottle({ points: DEVICE_FAILURES_PER_DAY, durationSeconds: DAY / 1000, keyPrefix: 'device-fail-day', clock });
  return {
    async take(userId, deviceId) {
      const key = `${userId}:${deviceId}`;
      const short = await quarter.take(key);
      if (!short.ok) return { throttle: true, retryAfterSeconds: short.retryAfterSeconds, reason: `${DEVICE_FAILURES_PER_QUARTER} failed passwords from this trusted device in 15 minutes` };
      const long = await day.take(key);
      if (!long.ok) {
        await short.giveBack();
        return { throttle: true, retryAfterSeconds: long.retryAfterSeconds, reason: `${DEVICE_FAILURES_PER_DAY} failed passwords from this trusted device today` };
      }
      return { throttle: false, giveBack: async () => { await Promise.all([short.giveBack(), long.giveBack()]); } };
    },
  };
}
