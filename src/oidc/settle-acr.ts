/**
 * The session's acr as this authorization request reports it (src/oidc/acr-choice.ts).
 * oidc-provider keeps one acr per session and puts it in the request's code; an app that asks for
 * `phr`/`phrh` gets it when the session's `amr` proves it, and the next app, asking for the MFA
 * acr, gets the MFA acr again. Requests that neither ask for nor hold a phishing-resistant class
 * leave the acr as the sign-in set it.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { acrForRequest } from './acr-choice.ts';
import { PHR_ACR, PHRH_ACR } from './acr.ts';
import { requestedAcrs } from './requested-acrs.ts';

const isPhishingResistant = (acr: string | undefined): boolean => acr === PHR_ACR || acr === PHRH_ACR;

export function settleRequestAcr(ctx: KoaContextWithOIDC): void {
  const session = ctx.oidc.session;
  if (!session?.accountId || !Array.isArray(session.amr)) return;
  const { essential, preferred } = requestedAcrs(ctx);
  const chosen = acrForRequest(session.amr, [...essential, ...preferred]);
  if (chosen !== session.acr && (isPhishingResistant(chosen) || isPhishingResistant(session.acr))) session.acr = chosen;
}
