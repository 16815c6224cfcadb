/**
 * Vigil's prompts, in decision order after login (README.md, "How a sign-in is decided"):
 *   mfa              user risk (2), sign-in risk (3), the client's MFA acr (4)
 *   password_change  after MFA when user risk demands it, or when an admin requires it
 *   mfa_registration the registration policy (5)
 * Consent (6) follows, from oidc-provider's base policy. The order and every check's reason are
 * the sign-in decision's (`OWED_PROMPTS`, src/sign-in/decide.ts): each check only reads it.
 */
import { interactionPolicy } from 'oidc-provider';
import type { CheckDeps } from './checks/deps.ts';
import { mfaRegistrationDueCheck } from './checks/mfa-registration-due.ts';
import { mfaRequestedByClientCheck } from './checks/mfa-requested-by-client.ts';
import { adminRequiredPasswordChangeCheck, userRiskPasswordChangeCheck } from './checks/password-change-required.ts';
import { signInRiskCheck } from './checks/sign-in-risk.ts';
import { userRiskMfaCheck } from './checks/user-risk.ts';

const { Prompt } = interactionPolicy;

export function vigilPrompts(deps: CheckDeps): interactionPolicy.Prompt[] {
  return [
    new Prompt({ name: 'mfa', requestable: false }, userRiskMfaCheck(deps), signInRiskCheck(deps), mfaRequestedByClientCheck(deps)),
    new Prompt({ name: 'password_change', requestable: false }, userRiskPasswordChangeCheck(deps), adminRequiredPasswordChangeCheck(deps)),
    new Prompt({ name: 'mfa_registration', requestable: false }, mfaRegistrationDueCheck(deps)),
  ];
}
