/** The MFA registration step (decision order step 5): the registration policy's interrupt and wizard. */
import type { InteractionStep } from '../sign-in/interaction-step.ts';
import { mfaRegistrationDueCheck } from './registration-due-check.ts';
import { showRegistrationInterrupt, submitRegistration } from './registration-page.ts';
import { METHODS } from './method-registry.ts';

export const mfaRegistrationStep: InteractionStep = {
  prompt: 'mfa_registration',
  checks: (deps) => [mfaRegistrationDueCheck(deps)],
  show: showRegistrationInterrupt,
  // Read when the router mounts them, after the app configured the registry.
  get routes() {
    return [
      { path: '/registration', handler: submitRegistration },
      // A method's own page's routes (the passkey's creation options), from the registry.
      ...METHODS.flatMap((method) => ('page' in method.registration ? method.registration.page.routes : [])),
    ];
  },
};
