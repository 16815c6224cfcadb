/**
 * Brute force: many failed passwords on ONE account, from any number of sources, over the short
 * window (the current and previous hour), before this attempt. Applies to every attempt on the
 * account from a device the account does not trust, including a correct one (which may be the
 * guess that worked); never to one from a trusted device (see ATTACK_DETECTION_TYPES). The
 * account is never locked for it: see throttle.ts, which slows the attacking sources instead.
 *   - medium: 10+ failures;  high: 30+ failures
 */
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

export const BRUTE_FORCE_MIN_FAILURES = 10;
export const BRUTE_FORCE_HIGH_FAILURES = 30;

function evaluate(context: DetectionContext): DetectionVerdict | null {
  const failures = context.accountFailures.short;
  if (failures < BRUTE_FORCE_MIN_FAILURES) return null;
  return {
    level: failures >= BRUTE_FORCE_HIGH_FAILURES ? 'high' : 'medium',
    reason: `${failures} failed passwords on this account in the last 1-2 hours`,
  };
}

export const bruteForce: Detection = { type: 'bruteForce', scope: 'signIn', evaluate };
