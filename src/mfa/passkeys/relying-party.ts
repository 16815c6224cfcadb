/**
 * Who Vigil is to an authenticator: the RP ID is the ISSUER's host (a passkey works on that host
 * and its subdomains only), and responses must come from the ISSUER's origin.
 */
/**
 * COSE algorithms accepted: Ed25519, ES256, RS256 (what authenticators use). Named, not the
 * library's default, which probes the runtime for post-quantum ones (an experimental Node API
 * that prints a warning).
 */
export const SUPPORTED_ALGORITHMS = [-8, -7, -257];

export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingPartyOf(issuer: string, name: string): RelyingParty {
  const url = new URL(issuer);
  return { id: url.hostname, name, origin: url.origin };
}
