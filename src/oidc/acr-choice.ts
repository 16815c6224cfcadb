/**
 * Which acr a sign-in reports, and which strength an acr asks for (README.md, "Authentication
 * strengths"). The classes Vigil knew before the phishing-resistant ones keep their meaning
 * exactly: the MFA acr when the session did MFA, the password class otherwise. `phr` / `phrh`
 * (OpenID EAP ACR Values) are reported only when the request asked for them and the session
 * proved them: a phishing-resistant method (`phr`), with a hardware-bound key, `amr` `hwk`
 * (`phrh`).
 */
import { MFA_ACR, PASSWORD_ACR, PHR_ACR, PHRH_ACR } from './acr.ts';
import { didMfa } from '../mfa/method-registry.ts';
import { meetsStrength, strengthOfAmr, type MfaStrength } from '../mfa/strength.ts';

/** The strength an acr demands: undefined for the password class and for values Vigil does not know. */
export function strengthOfAcr(acr: string): MfaStrength | undefined {
  if (acr === MFA_ACR) return 'mfa';
  if (acr === PHR_ACR || acr === PHRH_ACR) return 'phishingResistant';
  return undefined;
}

/** Whether a session whose `amr` is this meets the class. */
export function amrMeetsAcr(amr: readonly string[], acr: string): boolean {
  if (acr === PASSWORD_ACR) return true;
  const demanded = strengthOfAcr(acr);
  if (!demanded || !meetsStrength(strengthOfAmr(amr), demanded)) return false;
  return acr !== PHRH_ACR || amr.includes('hwk');
}

/**
 * The acr for a session's `amr` on a request that asked for `requested` (the essential acr
 * claim's values first, then `acr_values`, each best first): the first phishing-resistant class
 * asked for and met; before it, a request naming one of Vigil's older classes gets what it
 * always got.
 */
export function acrForRequest(amr: readonly string[], requested: readonly string[]): string {
  const base = didMfa(amr) ? MFA_ACR : PASSWORD_ACR;
  for (const acr of requested) {
    if (acr === MFA_ACR || acr === PASSWORD_ACR) return base;
    if ((acr === PHR_ACR || acr === PHRH_ACR) && amrMeetsAcr(amr, acr)) return acr;
  }
  return base;
}
