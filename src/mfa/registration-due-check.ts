/**
 * Registration check (decision order step 5): the MFA registration policy applies and the user
 * has no MFA method; skippable during the grace period, required after it. Reads the request's
 * sign-in decision (src/sign-in/decide.ts), which also says when the grace period starts.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { owes } from '../sign-in/request.ts';
import type { CheckDeps } from '../sign-in/check-deps.ts';

const { Check } = interactionPolicy;

export function mfaRegistrationDueCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('mfa_registration_due', 'the MFA registration policy requires a method', (ctx: KoaContextWithOIDC) => owes(ctx, deps, 'mfa_registration_due'));
}
