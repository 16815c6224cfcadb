/**
 * Per-source and per-network attempt counters: reading a key's window (one `_id` lookup) and
 * adding an attempt (single-document atomic upserts). Distinct failed accounts per hour are
 * counted with an insert-once marker per (source, account, hour) — see models/risk-pair.ts.
 */
import { isDuplicateKeyError, retryOnDuplicateKey } from '../db/duplicate-key.ts';
import { HOUR } from '../clock.ts';
import { RiskCounter, type HourCounts, type RiskCounterRecord } from './models/risk-counter.ts';
import { RiskPair } from './models/risk-pair.ts';
import { bucketKey, hourOf, LONG_WINDOW_HOURS, SHORT_WINDOW_HOURS, staleKeys, sumOver } from './windows.ts';

export interface Totals {
  attempts: number;
  failures: number;
  successes: number;
  /** Sum over hours of the distinct accounts failed per hour (an upper bound on distinct accounts). */
  failedAccounts: number;
}

export interface WindowCounts {
  short: Totals;
  long: Totals;
}

export const EMPTY_TOTALS: Totals = Object.freeze({ attempts: 0, failures: 0, successes: 0, failedAccounts: 0 });

export function counterId(kind: 'ip' | 'network', key: string): string {
  return `${kind}:${key}`;
}

function totals(buckets: Record<string, HourCounts> | undefined, now: Date, hours: number): Totals {
  return {
    attempts: sumOver(buckets, now, hours, (b) => b.a),
    failures: sumOver(buckets, now, hours, (b) => b.f),
    successes: sumOver(buckets, now, hours, (b) => b.s),
    failedAccounts: sumOver(buckets, now, hours, (b) => b.fa),
  };
}

export function windowCounts(record: RiskCounterRecord | null, now: Date): WindowCounts {
  // Buckets are selected by their hour, so a stale document (no TTL on FerretDB) counts as empty.
  if (!record) return { short: EMPTY_TOTALS, long: EMPTY_TOTALS };
  return { short: totals(record.h, now, SHORT_WINDOW_HOURS), long: totals(record.h, now, LONG_WINDOW_HOURS) };
}

export async function readCounter(kind: 'ip' | 'network', key: string): Promise<RiskCounterRecord | null> {
  return RiskCounter.collection.findOne<RiskCounterRecord>({ _id: counterId(kind, key) as never });
}


/** true when this (source, account, hour) had no failure before: a new distinct failed account. */
async function firstFailureThisHour(kind: string, key: string, account: string, now: Date): Promise<boolean> {
  const hour = hourOf(now);
  try {
    await RiskPair.collection.insertOne({ _id: `${kind}:${key}|${account}|${hour}` as never, expiresAt: new Date((hour + 2) * HOUR) });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

export interface CountedAttempt {
  kind: 'ip' | 'network';
  key: string;
  /** The counter document as read before the attempt (its stale hours are removed now). */
  snapshot: RiskCounterRecord | null;
  account: string;
  passwordOk: boolean;
}

export async function countAttempt(attempt: CountedAttempt, now: Date): Promise<void> {
  const bucket = `h.${bucketKey(hourOf(now))}`;
  const inc: Record<string, number> = { [`${bucket}.a`]: 1 };
  if (attempt.passwordOk) {
    inc[`${bucket}.s`] = 1;
  } else {
    inc[`${bucket}.f`] = 1;
    if (await firstFailureThisHour(attempt.kind, attempt.key, attempt.account, now)) inc[`${bucket}.fa`] = 1;
  }
  const unset = Object.fromEntries(staleKeys(attempt.snapshot?.h, now).map((key) => [`h.${key}`, '']));
  await retryOnDuplicateKey(() => RiskCounter.collection.updateOne(
    { _id: counterId(attempt.kind, attempt.key) as never },
    {
      $inc: inc,
      $set: { kind: attempt.kind, key: attempt.key, expiresAt: new Date(now.getTime() + (LONG_WINDOW_HOURS + 1) * HOUR) },
      ...(Object.keys(unset).length ? { $unset: unset } : {}),
    },
    { upsert: true },
  ));
}
