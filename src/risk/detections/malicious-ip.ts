/**
 * Malicious IP address: the source (IPv4 address or IPv6 /64) produced mostly failed sign-ins
 * across several accounts in the last 24 hours — the traffic of an attack tool, not of an office
 * whose users sometimes mistype (their successes keep the failure rate low). Not evaluated for a
 * device the account trusts, which may share the address with the attacker (see
 * ATTACK_DETECTION_TYPES).
 *   - medium: 25+ failures, on 5+ accounts, and at least 80 % of its attempts failed
 *   - high:   the same with 100+ failures
 */
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

export const MALICIOUS_MIN_FAILURES = 25;
export const MALICIOUS_HIGH_FAILURES = 100;
export const MALICIOUS_MIN_ACCOUNTS = 5;
export const MALICIOUS_MIN_FAILURE_RATE = 0.8;

function evaluate(context: DetectionContext): DetectionVerdict | null {
  const { failures, attempts, failedAccounts } = context.sourceCounts.long;
  if (failures < MALICIOUS_MIN_FAILURES || failedAccounts < MALICIOUS_MIN_ACCOUNTS) return null;
  const rate = attempts ? failures / attempts : 0;
  if (rate < MALICIOUS_MIN_FAILURE_RATE) return null;
  const reason = `IP ${context.source} had ${failures} failed sign-ins on about ${failedAccounts} accounts in 24 h (${Math.round(rate * 100)} % of its attempts)`;
  return { level: failures >= MALICIOUS_HIGH_FAILURES ? 'high' : 'medium', reason };
}

export const maliciousIp: Detection = { type: 'maliciousIp', scope: 'signIn', evaluate };
