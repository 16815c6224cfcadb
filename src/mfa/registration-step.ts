/** The MFA registration step (decision order step 5): the registration policy's interrupt and wizard. */
import type { InteractionStep } from '../sign-in/interaction-step.ts';
import { mfaRegistrationDueCheck } from './registration-due-check.ts';
import { showRegistrationInterrupt, submitRegistration } from './registration-page.ts';
import { wizardPasskeyOptions } from './passkeys/registration-step.ts';

export const mfaRegistrationStep: InteractionStep = {
  prompt: 'mfa_registration',
  checks: (deps) => [mfaRegistrationDueCheck(deps)],
  show: showRegistrationInterrupt,
  routes: [
    { path: '/registration', handler: submitRegistration },
    { path: '/registration/passkey-options', handler: wizardPasskeyOptions },
  ],
};
