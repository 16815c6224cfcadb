/**
 * Every interaction step, in the order oidc-provider asks for them (README.md, "How a sign-in is
 * decided"): adding a step is its module in its feature folder plus one line here. Vigil's own
 * prompts (those with checks) must be those of the sign-in decision, in its order
 * (src/sign-in/decide.ts, OWED_PROMPTS; test/sign-in/flow.test.ts checks they agree).
 */
import { mfaStep } from '../mfa/mfa-step.ts';
import { mfaRegistrationStep } from '../mfa/registration-step.ts';
import { passwordChangeStep } from '../password/password-change-step.ts';
import { consentStep } from './consent-step.ts';
import { loginStep } from './login-step.ts';
import type { InteractionStep } from './interaction-step.ts';

export const INTERACTION_STEPS: readonly InteractionStep[] = [
  loginStep,
  mfaStep,
  passwordChangeStep,
  mfaRegistrationStep,
  consentStep,
];
