/**
 * Authentication context classes and methods Vigil reports. `acr` says what was proven: the MFA
 * policy URI (README.md, "What works today": step-up) or a password-only class; `amr` uses
 * RFC 8176 values.
 */
import { didMfa } from '../mfa/method-registry.ts';

export const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
export const PASSWORD_ACR = 'urn:vigil:acr:password';
/**
 * OpenID Connect EAP ACR Values 1.0: phishing-resistant (`phr`), and phishing-resistant with the
 * key held in hardware (`phrh`). Met only by a phishing-resistant method (src/oidc/acr-choice.ts).
 */
export const PHR_ACR = 'phr';
export const PHRH_ACR = 'phrh';
export const ACR_VALUES = [MFA_ACR, PASSWORD_ACR, PHR_ACR, PHRH_ACR];

/**
 * The `claims` request parameter by which an app demands MFA (an essential acr claim). `acr_values`
 * is only a preference (OIDC Core 5.5.1.1; see src/mfa/requested-by-client-check.ts).
 */
export const ESSENTIAL_MFA_CLAIMS = JSON.stringify({ id_token: { acr: { essential: true, values: [MFA_ACR] } } });

/** The MFA methods' `amr` values are theirs: src/mfa/method-registry.ts. */
export const PASSWORD_AMR = ['pwd'];

/** Whether a session's `amr` says it did MFA: the registry answers (any method's `amr` has `mfa`). */
export { didMfa as hasMfa } from '../mfa/method-registry.ts';

/**
 * The acr a sign-in gets for what it proved (its `amr`): every step that finishes a login (the
 * password, a passkey, MFA) asks this one function, so a stronger class is added in one place.
 */
export function acrFor(amr: readonly string[]): string {
  return didMfa(amr) ? MFA_ACR : PASSWORD_ACR;
}
