/**
 * Who Vigil is to an authenticator: the RP ID is the ISSUER's host (a passkey works on that host
 * and its subdomains only), and responses must come from the ISSUER's origin.
 */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

export function relyingPartyOf(issuer: string, name: string): RelyingParty {
  const url = new URL(issuer);
  return { id: url.hostname, name, origin: url.origin };
}
