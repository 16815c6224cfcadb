/**
 * Anonymous IP address: the IP is in one of the configured anonymizer lists (Tor exit nodes,
 * anonymous VPNs, open proxies; see config/risk/anonymous-ips/). Always medium: hiding one's
 * origin is suspicious, not proof.
 */
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

function evaluate(context: DetectionContext): DetectionVerdict | null {
  if (!context.anonymousList) return null;
  return { level: 'medium', reason: `IP ${context.ip} is an anonymizer exit (listed in ${context.anonymousList})` };
}

export const anonymousIp: Detection = { type: 'anonymousIp', scope: 'signIn', evaluate };
