/**
 * MFA check (decision order step 4): the app asked for the MFA acr (`acr_values`, or an essential
 * `acr` claim) and this session has not done MFA. Step-up works on a password-only session.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { MFA_ACR } from '../acr.ts';
import type { CheckDeps } from './deps.ts';
import { subjectOf } from '../subject.ts';

const { Check } = interactionPolicy;

export function clientRequestsMfa(ctx: KoaContextWithOIDC): boolean {
  const acrValues = ctx.oidc.params?.acr_values;
  const requested = typeof acrValues === 'string' && acrValues.split(' ').includes(MFA_ACR);
  const claim = (ctx.oidc.claims as { id_token?: { acr?: { essential?: boolean; value?: string; values?: string[] } } } | undefined)?.id_token?.acr;
  const essential = Boolean(claim?.essential && (claim.value === MFA_ACR || claim.values?.includes(MFA_ACR)));
  return requested || essential;
}

export function mfaRequestedByClientCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('mfa_requested_by_client', 'the client requested multi-factor authentication', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    if (!subject || subject.sessionHasMfa) return Check.NO_NEED_TO_PROMPT;
    return clientRequestsMfa(ctx) ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
