/**
 * MFA check (decision order step 2): the user's risk is at or above the user-risk policy's level,
 * so this session must do MFA before the secure password change that remediates it. Reads the
 * request's sign-in decision (src/sign-in/decide.ts).
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { owes } from './request.ts';
import type { CheckDeps } from './check-deps.ts';

const { Check } = interactionPolicy;

export function userRiskMfaCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('user_risk', 'the user risk policy requires multi-factor authentication', (ctx: KoaContextWithOIDC) => owes(ctx, deps, 'user_risk'));
}
