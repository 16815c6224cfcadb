/**
 * Vigil's prompts, in decision order after login (README.md, "How a sign-in is decided"):
 *   mfa              user risk (2), sign-in risk (3), the client's MFA acr (4)
 *   password_change  after MFA when user risk demands it, or when an admin requires it
 *   mfa_registration the registration policy (5)
 * Consent (6) follows, from oidc-provider's base policy. The order and every check's reason are
 * the sign-in decision's (`OWED_PROMPTS`, src/sign-in/decide.ts): each check only reads it.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { decisionOf } from '../sign-in/request.ts';
import type { CheckDeps } from '../sign-in/check-deps.ts';
import { mfaRegistrationDueCheck } from '../mfa/registration-due-check.ts';
import { mfaRequestedByClientCheck } from '../mfa/requested-by-client-check.ts';
import { adminRequiredPasswordChangeCheck, userRiskPasswordChangeCheck } from '../password/password-change-required-check.ts';
import { signInRiskCheck } from '../sign-in/sign-in-risk-check.ts';
import { userRiskMfaCheck } from '../sign-in/user-risk-check.ts';

const { Prompt } = interactionPolicy;

export function vigilPrompts(deps: CheckDeps): interactionPolicy.Prompt[] {
  return [
    // The details say how strong the MFA must be: the MFA page offers only methods that meet it.
    new Prompt({ name: 'mfa', requestable: false }, async (ctx: KoaContextWithOIDC) => ({ strength: (await decisionOf(ctx, deps))?.strength ?? 'mfa' }),
      userRiskMfaCheck(deps), signInRiskCheck(deps), mfaRequestedByClientCheck(deps)),
    new Prompt({ name: 'password_change', requestable: false }, userRiskPasswordChangeCheck(deps), adminRequiredPasswordChangeCheck(deps)),
    new Prompt({ name: 'mfa_registration', requestable: false }, mfaRegistrationDueCheck(deps)),
  ];
}
