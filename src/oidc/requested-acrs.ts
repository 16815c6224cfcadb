/**
 * The acr classes an authorization request asks for (OIDC Core 5.5.1.1): the essential acr claim
 * is a demand, `acr_values` a preference, each best first.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { strengthOfAcr } from './acr-choice.ts';
import { ACR_VALUES, MFA_ACR, PHRH_ACR } from './acr.ts';
import type { MfaStrength } from '../mfa/strength.ts';

interface AcrClaimRequest { essential?: boolean; value?: unknown; values?: unknown }

export interface RequestedAcrs {
  essential: string[];
  preferred: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

export function requestedAcrs(ctx: KoaContextWithOIDC): RequestedAcrs {
  const claim = (ctx.oidc.claims as { id_token?: { acr?: AcrClaimRequest | null } } | undefined)?.id_token?.acr;
  const essential = claim?.essential ? [...(typeof claim.value === 'string' ? [claim.value] : []), ...strings(claim.values)] : [];
  const acrValues = ctx.oidc.params?.acr_values;
  return { essential, preferred: typeof acrValues === 'string' ? acrValues.split(' ').filter(Boolean) : [] };
}

/**
 * What the essential acr claim demands: MFA when it names the MFA acr (as before the
 * phishing-resistant classes), otherwise phishing-resistant MFA when it names `phr`/`phrh`.
 */
export function essentialStrength(essential: readonly string[]): MfaStrength | undefined {
  if (essential.includes(MFA_ACR)) return 'mfa';
  return essential.some((acr) => strengthOfAcr(acr) === 'phishingResistant') ? 'phishingResistant' : undefined;
}

/**
 * Whether the essential acr claim is met only by a device-bound key: it names `phrh` and no
 * other class Vigil knows (a `phr`, the MFA acr beside it is met by any passkey). A session
 * without `hwk` in its `amr` then owes MFA with such a key, and never completes with another acr.
 */
export function essentialDeviceBound(essential: readonly string[]): boolean {
  return essential.includes(PHRH_ACR) && !essential.some((acr) => acr !== PHRH_ACR && ACR_VALUES.includes(acr));
}
