/**
 * MFA check (decision order step 3): the password step decided that the sign-in that created this
 * session owes MFA for its risk, and MFA has not remediated it yet. Reads the request's sign-in
 * decision (src/sign-in/decide.ts).
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { owes } from './request.ts';
import type { CheckDeps } from './check-deps.ts';

const { Check } = interactionPolicy;

export function signInRiskCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('sign_in_risk', 'the sign-in risk policy requires multi-factor authentication', (ctx: KoaContextWithOIDC) => owes(ctx, deps, 'sign_in_risk'));
}
