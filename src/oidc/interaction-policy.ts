/**
 * The sign-in decision order (README.md, "How a sign-in is decided") as oidc-provider prompts.
 * Every authorization request runs these checks again, so whatever is still owed (MFA, a password
 * change, registration, consent) is asked for, and `prompt=none` gets the matching OIDC error
 * instead of a page.
 *
 *   login            password; account disabled → sign in again (step 1, the login step's extra check)
 *   …extra prompts   registered by features in decision order (steps 2-5)
 *   consent          (step 6)
 */
import { interactionPolicy } from 'oidc-provider';
import type { CheckDeps } from '../sign-in/check-deps.ts';
import type { InteractionStep } from '../sign-in/interaction-step.ts';
import { INTERACTION_STEPS } from '../sign-in/steps-registry.ts';

/**
 * oidc-provider's base policy, with the steps' extra checks on its own prompts (the login step's
 * disabled account check) and Vigil's prompts (src/oidc/prompts.ts) before consent.
 */
export function buildInteractionPolicy(deps: CheckDeps, extraPrompts: ReadonlyArray<interactionPolicy.Prompt>, steps: readonly InteractionStep[] = INTERACTION_STEPS): interactionPolicy.DefaultPolicy {
  const policy = interactionPolicy.base();
  for (const step of steps) {
    const extra = step.extraChecks?.(deps) ?? [];
    const prompt = policy.get(step.prompt);
    if (extra.length && !prompt) throw new Error(`extra checks for ${step.prompt}, which is not a prompt of oidc-provider's base policy`);
    for (const { check, index } of extra) prompt?.checks.add(check, index);
  }
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider base policy has no login prompt');
  // oidc-provider asks for the login prompt again while an essential acr claim is unmet, but a
  // password never yields the MFA acr: the password page came back forever. The mfa prompt
  // (src/mfa/requested-by-client-check.ts) meets that demand instead.
  login.checks.remove('essential_acrs');
  login.checks.remove('essential_acr');
  const consentIndex = policy.findIndex((prompt) => prompt.name === 'consent');
  extraPrompts.forEach((prompt, offset) => policy.add(prompt, consentIndex + offset));
  return policy;
}
