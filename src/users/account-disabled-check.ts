/**
 * Login check: a session whose account has since been disabled (or deleted) must sign in again,
 * and the login page refuses a disabled account (decision order step 1). Reads the user through
 * the per-request subject, which every later check reuses.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import type { CheckDeps } from '../sign-in/check-deps.ts';
import { subjectOf } from '../oidc/subject.ts';

const { Check } = interactionPolicy;

export function accountDisabledCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('account_disabled', 'the signed-in account is no longer active', 'login_required', async (ctx: KoaContextWithOIDC) => {
    if (!ctx.oidc.session?.accountId) return Check.NO_NEED_TO_PROMPT;
    return await subjectOf(ctx, deps.clock) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
  });
}
