/**
 * The sign-in decision order (README.md, "How a sign-in is decided") as oidc-provider prompts.
 * Every authorization request runs these checks again, so whatever is still owed (MFA, a password
 * change, registration, consent) is asked for, and `prompt=none` gets the matching OIDC error
 * instead of a page.
 *
 *   login            password; account disabled → sign in again (step 1)
 *   …extra prompts   registered by features in decision order (steps 2-5)
 *   consent          (step 6)
 */
import { interactionPolicy } from 'oidc-provider';
import { accountDisabledCheck } from '../users/account-disabled-check.ts';
import type { CheckDeps } from '../sign-in/check-deps.ts';

export function buildInteractionPolicy(deps: CheckDeps, extraPrompts: ReadonlyArray<interactionPolicy.Prompt>): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider base policy has no login prompt');
  login.checks.add(accountDisabledCheck(deps), 1);
  // oidc-provider asks for the login prompt again while an essential acr claim is unmet, but a
  // password never yields the MFA acr: the password page came back forever. The mfa prompt
  // (checks/mfa-requested-by-client.ts) meets that demand instead.
  login.checks.remove('essential_acrs');
  login.checks.remove('essential_acr');
  const consentIndex = policy.findIndex((prompt) => prompt.name === 'consent');
  extraPrompts.forEach((prompt, offset) => policy.add(prompt, consentIndex + offset));
  return policy;
}
