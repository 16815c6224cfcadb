/**
 * MFA check (decision order step 4): what the app asked for, read as OIDC Core says (5.5.1.1):
 *
 * - an essential `acr` claim (`claims={"id_token":{"acr":{"essential":true,"values":[MFA acr]}}}`)
 *   is a demand: the session must have done MFA; a user with no method gets the "contact your
 *   admin" page, and `prompt=none` gets `interaction_required`;
 * - `acr_values` is a voluntary preference, best first: the first class the user can meet wins.
 *   The MFA acr is met when the session did MFA, or asked for when the user has a method (and the
 *   request may show a page); otherwise the next class is tried, and the password class is always
 *   met. It never refuses a sign-in: the ID token's `acr` says which class was met.
 *
 * Step-up works on a password-only session.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { MFA_ACR, PASSWORD_ACR } from '../acr.ts';
import type { CheckDeps } from './deps.ts';
import { subjectOf, type Subject } from '../subject.ts';

const { Check } = interactionPolicy;

interface AcrClaimRequest { essential?: boolean; value?: unknown; values?: unknown }

/** The essential acr claim of the request names the MFA acr. */
export function essentialMfaRequested(ctx: KoaContextWithOIDC): boolean {
  const claim = (ctx.oidc.claims as { id_token?: { acr?: AcrClaimRequest | null } } | undefined)?.id_token?.acr;
  if (!claim?.essential) return false;
  return claim.value === MFA_ACR || (Array.isArray(claim.values) && claim.values.includes(MFA_ACR));
}

/** The acr_values preference, walked in order: does the first class this user can meet need MFA? */
export async function preferenceAsksForMfa(ctx: KoaContextWithOIDC, subject: Subject): Promise<boolean> {
  const acrValues = ctx.oidc.params?.acr_values;
  if (typeof acrValues !== 'string') return false;
  const interactive = !ctx.oidc.prompts.has('none');
  for (const acr of acrValues.split(' ')) {
    if (acr === PASSWORD_ACR) return false;
    if (acr !== MFA_ACR) continue;
    if (subject.sessionHasMfa) return false;
    if (interactive && await subject.hasMfa()) return true;
  }
  return false;
}

export function mfaRequestedByClientCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('mfa_requested_by_client', 'the client requested multi-factor authentication', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    if (!subject || subject.sessionHasMfa) return Check.NO_NEED_TO_PROMPT;
    if (essentialMfaRequested(ctx)) return Check.REQUEST_PROMPT;
    return await preferenceAsksForMfa(ctx, subject) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
