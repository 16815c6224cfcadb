/**
 * Fixed hourly buckets. A "short" window is the current and the previous hour (so 1 to 2 hours
 * of history), a "long" window the last 24 hours. Counts are read BEFORE the attempt being
 * evaluated is added, so thresholds compare against what happened before it.
 */
import { HOUR } from '../clock.ts';

export const SHORT_WINDOW_HOURS = 2;
export const LONG_WINDOW_HOURS = 24;

export function hourOf(at: Date): number {
  return Math.floor(at.getTime() / HOUR);
}

export function bucketKey(hour: number): string {
  return `t${hour}`;
}

export function hourOfKey(key: string): number | null {
  return /^t\d+$/.test(key) ? Number(key.slice(1)) : null;
}

/** Bucket keys present in `buckets` that have left the long window (to `$unset` on the next write). */
export function staleKeys(buckets: Record<string, unknown> | undefined, now: Date): string[] {
  const current = hourOf(now);
  return Object.keys(buckets ?? {}).filter((key) => {
    const hour = hourOfKey(key);
    return hour === null || hour <= current - LONG_WINDOW_HOURS || hour > current + 1;
  });
}

/** Sum of a numeric field over the buckets of the last `hours` hours (including the current one). */
export function sumOver<T>(buckets: Record<string, T> | undefined, now: Date, hours: number, pick: (bucket: T) => number | undefined): number {
  const current = hourOf(now);
  let total = 0;
  for (const [key, bucket] of Object.entries(buckets ?? {})) {
    const hour = hourOfKey(key);
    if (hour === null || hour > current || hour <= current - hours) continue;
    total += pick(bucket) ?? 0;
  }
  return total;
}

/** Seconds until the oldest hour of the short window leaves it. */
export function secondsUntilNextHour(now: Date): number {
  return Math.max(1, Math.ceil(((hourOf(now) + 1) * HOUR - now.getTime()) / 1000));
}
