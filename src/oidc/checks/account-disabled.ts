/**
 * Login check: a session whose account has since been disabled (or deleted) must sign in again,
 * and the login page refuses a disabled account (decision order step 1).
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { findUserById } from '../../users/lookup.ts';

const { Check } = interactionPolicy;

export function accountDisabledCheck(): interactionPolicy.Check {
  return new Check('account_disabled', 'the signed-in account is no longer active', 'login_required', async (ctx: KoaContextWithOIDC) => {
    const accountId = ctx.oidc.session?.accountId;
    if (!accountId) return Check.NO_NEED_TO_PROMPT;
    const user = await findUserById(accountId);
    return !user || user.disabled ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
