/**
 * Password spray: one source tries a few passwords on many accounts. Every attempt from a
 * spraying source is risky — including the one that guesses right, which is the point — except
 * one from a device the account trusts (see ATTACK_DETECTION_TYPES). Measured
 * over the short window (the current and previous hour), before this attempt:
 *   - source (IPv4 address or IPv6 /64): failures on 10+ accounts with at most 3 failures per
 *     account on average → medium; on 20+ accounts → high
 *   - network (ASN or prefix), for sprays that rotate addresses: failures on 30+ accounts with at
 *     most 3 per account → medium
 */
import type { Totals } from '../counters.ts';
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

export const SPRAY_MIN_ACCOUNTS = 10;
export const SPRAY_HIGH_ACCOUNTS = 20;
export const SPRAY_NETWORK_MIN_ACCOUNTS = 30;
export const SPRAY_MAX_FAILURES_PER_ACCOUNT = 3;

function spraying(totals: Totals, minAccounts: number): boolean {
  return totals.failedAccounts >= minAccounts && totals.failures <= totals.failedAccounts * SPRAY_MAX_FAILURES_PER_ACCOUNT;
}

function evaluate(context: DetectionContext): DetectionVerdict | null {
  const source = context.sourceCounts.short;
  if (spraying(source, SPRAY_MIN_ACCOUNTS)) {
    const reason = `IP ${context.source} failed on about ${source.failedAccounts} accounts (${source.failures} failures) in the last 1-2 hours`;
    return { level: source.failedAccounts >= SPRAY_HIGH_ACCOUNTS ? 'high' : 'medium', reason };
  }
  const network = context.networkCounts.short;
  if (spraying(network, SPRAY_NETWORK_MIN_ACCOUNTS)) {
    return { level: 'medium', reason: `network ${context.network} failed on about ${network.failedAccounts} accounts (${network.failures} failures) in the last 1-2 hours` };
  }
  return null;
}

export const passwordSpray: Detection = { type: 'passwordSpray', scope: 'signIn', evaluate };
