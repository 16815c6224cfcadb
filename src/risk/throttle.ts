/**
 * Whether to slow down the SOURCE of an attempt (its IP) — never the account, so an attacker
 * guessing at someone's password cannot lock the real user out (the server answers a throttled
 * source with 429 and Retry-After, and should check before verifying the password). Counts are
 * over the short window (the current and previous hour), before this attempt:
 *   - 30+ failed passwords from this source, on any accounts;
 *   - a spraying source: failures on 10+ accounts;
 *   - this account is under brute force (10+ failures) and this source failed 5+ times itself.
 * A device the account already trusts (its signed device id is in the account's profile) is
 * never throttled here, so the real user gets through an attack on their own account, even from
 * behind the attacker's NAT; its own failures are throttled in its own bucket (device-throttle.ts).
 */
import type { RiskProfileRecord } from './models/risk-profile.ts';
import type { WindowCounts } from './counters.ts';
import { trustsDevice } from './profile.ts';
import { secondsUntilNextHour } from './windows.ts';

export const THROTTLE_SOURCE_FAILURES = 30;
export const THROTTLE_SPRAY_ACCOUNTS = 10;
export const THROTTLE_TARGETED_ACCOUNT_FAILURES = 10;
export const THROTTLE_TARGETED_SOURCE_FAILURES = 5;

export type ThrottleDecision =
  /** giveBack: the attempt took a slot that only a failure keeps (a trusted device's own bucket). */
  | { throttle: false; giveBack?: () => Promise<void> }
  | { throttle: true; retryAfterSeconds: number; reason: string };

export interface ThrottleInput {
  now: Date;
  source: string;
  sourceCounts: WindowCounts;
  accountFailures: number;
  profile: RiskProfileRecord | null;
  deviceId?: string | undefined;
}

export function throttleDecision(input: ThrottleInput): ThrottleDecision {
  if (trustsDevice(input.profile, input.deviceId)) return { throttle: false };
  const { failures, failedAccounts } = input.sourceCounts.short;
  const retryAfterSeconds = secondsUntilNextHour(input.now);
  if (failures >= THROTTLE_SOURCE_FAILURES) {
    return { throttle: true, retryAfterSeconds, reason: `${failures} failed passwords from ${input.source} in the last 1-2 hours` };
  }
  if (failedAccounts >= THROTTLE_SPRAY_ACCOUNTS) {
    return { throttle: true, retryAfterSeconds, reason: `${input.source} failed on about ${failedAccounts} accounts in the last 1-2 hours` };
  }
  if (input.accountFailures >= THROTTLE_TARGETED_ACCOUNT_FAILURES && failures >= THROTTLE_TARGETED_SOURCE_FAILURES) {
    return { throttle: true, retryAfterSeconds, reason: `the account is under attack and ${input.source} failed ${failures} times` };
  }
  return { throttle: false };
}
