/**
 * Vigil's prompts, built from the interaction steps (src/sign-in/steps-registry.ts) in their
 * order after login (README.md, "How a sign-in is decided"):
 *   mfa              user risk (2), sign-in risk (3), the client's MFA acr (4)
 *   password_change  after MFA when user risk demands it, or when an admin requires it
 *   mfa_registration the registration policy (5)
 * Consent (6) follows, from oidc-provider's base policy. The order and every check's reason are
 * the sign-in decision's (`OWED_PROMPTS`, src/sign-in/decide.ts): each check only reads it.
 */
import { interactionPolicy } from 'oidc-provider';
import type { CheckDeps } from '../sign-in/check-deps.ts';
import type { InteractionStep } from '../sign-in/interaction-step.ts';
import { INTERACTION_STEPS } from '../sign-in/steps-registry.ts';

const { Prompt } = interactionPolicy;

/** A prompt for every step with checks of its own (login and consent are oidc-provider's). */
export function vigilPrompts(deps: CheckDeps, steps: readonly InteractionStep[] = INTERACTION_STEPS): interactionPolicy.Prompt[] {
  return steps.flatMap((step) => {
    if (!step.checks) return [];
    const info = { name: step.prompt, requestable: false };
    return [step.details ? new Prompt(info, step.details(deps), ...step.checks(deps)) : new Prompt(info, ...step.checks(deps))];
  });
}
