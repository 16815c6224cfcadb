/**
 * MFA check (decision order step 4): what the app asked for, read as OIDC Core says (5.5.1.1):
 *
 * - an essential `acr` claim (`claims={"id_token":{"acr":{"essential":true,"values":[MFA acr]}}}`)
 *   is a demand: the session must have done MFA; a user with no method gets the "contact your
 *   admin" page, and `prompt=none` gets `interaction_required`;
 * - `acr_values` is a voluntary preference, best first: the first class the user can meet wins,
 *   and it never refuses a sign-in: the ID token's `acr` says which class was met.
 *
 * Step-up works on a password-only session. Reads the request's sign-in decision
 * (src/sign-in/decide.ts).
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { owes } from '../sign-in/request.ts';
import type { CheckDeps } from '../sign-in/check-deps.ts';

const { Check } = interactionPolicy;

export function mfaRequestedByClientCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('mfa_requested_by_client', 'the client requested multi-factor authentication', (ctx: KoaContextWithOIDC) => owes(ctx, deps, 'mfa_requested_by_client'));
}
