/**
 * Password change checks: after MFA, a user whose risk is at or above the user-risk policy's
 * level must choose a new password (decision order step 2, the "secure password change"); and a
 * user an admin flagged must change the password at the next sign-in.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { CheckDeps } from './deps.ts';
import { userRiskDecision } from './user-risk.ts';
import { subjectOf } from '../subject.ts';

const { Check } = interactionPolicy;

export function userRiskPasswordChangeCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('user_risk_password_change', 'the user risk policy requires a secure password change', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    if (!subject?.sessionHasMfa) return Check.NO_NEED_TO_PROMPT;
    return await userRiskDecision(ctx, deps) === 'enforce' ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}

export function adminRequiredPasswordChangeCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('admin_required_password_change', 'an administrator requires a password change', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    return subject?.user.mustChangePassword ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
