/**
 * The admin console signs in as an internal client that demands MFA of the strength the operator
 * set (ADMIN_MFA_STRENGTH, README.md "Admin console") with an essential acr claim, and always from
 * a fresh password and second factor, never from single sign-on. The callback checks what the
 * sign-in proved (its acr and amr) again: the authorization request is the browser's to change.
 */
import { ESSENTIAL_MFA_CLAIMS, PHR_ACR, PHRH_ACR } from '../oidc/acr.ts';
import { amrMeetsAcr } from '../oidc/acr-choice.ts';
import { internalClient, type InternalClient } from '../oidc/internal-client.ts';
import { meetsStrength, strengthOfAmr, type MfaStrength } from '../mfa/strength.ts';
import type { TextId } from '../text/catalogue.ts';

/** Phishing-resistant with a hardware-bound key first, then any phishing-resistant method. */
const PHISHING_RESISTANT_ACRS = [PHRH_ACR, PHR_ACR];
const ESSENTIAL_PHR_CLAIMS = JSON.stringify({ id_token: { acr: { essential: true, values: PHISHING_RESISTANT_ACRS } } });

export function adminConsoleSignIn(strength: MfaStrength): InternalClient {
  return internalClient({
    clientId: 'vigil-admin-console',
    clientName: 'Admin console',
    basePath: '/admin',
    flowCookie: 'vigil_admin_flow',
    params: { claims: strength === 'phishingResistant' ? ESSENTIAL_PHR_CLAIMS : ESSENTIAL_MFA_CLAIMS, prompt: 'login' },
  });
}

/** RFC 8176: `mfa` (or a one-time code) in the amr is what proves the second factor. */
const provedMfa = (amr: readonly string[]): boolean => amr.includes('mfa') || amr.includes('otp');

/**
 * Why a finished sign-in may not open the console at this strength (undefined: it may): its acr
 * must be a phishing-resistant class that its amr proves, or for `mfa` its amr must show MFA.
 */
export function strengthRefusal(signIn: { acr: string; amr: readonly string[] }, strength: MfaStrength): TextId | undefined {
  if (!provedMfa(signIn.amr)) return 'admin.notAllowed.needsMfa';
  if (strength === 'mfa') return undefined;
  const proved = PHISHING_RESISTANT_ACRS.includes(signIn.acr) && amrMeetsAcr(signIn.amr, signIn.acr);
  return proved ? undefined : 'admin.notAllowed.needsPhishingResistant';
}

/** The strength a sign-in that passed `strengthRefusal` proved, kept on its console session. */
export function provedStrength(amr: readonly string[]): MfaStrength {
  return strengthOfAmr(amr) ?? 'mfa';
}

/**
 * Whether a console session still meets the strength: one opened before the operator raised
 * ADMIN_MFA_STRENGTH (or stored without its strength) must sign in again.
 */
export function sessionMeetsStrength(session: { strength?: MfaStrength }, strength: MfaStrength): boolean {
  return meetsStrength(session.strength ?? 'mfa', strength);
}
