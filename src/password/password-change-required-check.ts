/**
 * Password change checks: after MFA, a user whose risk is at or above the user-risk policy's
 * level must choose a new password (decision order step 2, the "secure password change"); and a
 * user an admin flagged must change the password at the next sign-in. Read the request's sign-in
 * decision (src/sign-in/decide.ts).
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { owes } from '../sign-in/request.ts';
import type { CheckDeps } from '../sign-in/check-deps.ts';

const { Check } = interactionPolicy;

export function userRiskPasswordChangeCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('user_risk_password_change', 'the user risk policy requires a secure password change', (ctx: KoaContextWithOIDC) => owes(ctx, deps, 'user_risk_password_change'));
}

export function adminRequiredPasswordChangeCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('admin_required_password_change', 'an administrator requires a password change', (ctx: KoaContextWithOIDC) => owes(ctx, deps, 'admin_required_password_change'));
}
