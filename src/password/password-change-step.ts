/**
 * The password change step: after MFA when the user's risk demands a secure password change
 * (decision order step 2), or when an admin requires one.
 */
import type { InteractionStep } from '../sign-in/interaction-step.ts';
import { showPasswordChange, submitPasswordChange } from './password-change-page.ts';
import { adminRequiredPasswordChangeCheck, userRiskPasswordChangeCheck } from './password-change-required-check.ts';

export const passwordChangeStep: InteractionStep = {
  prompt: 'password_change',
  checks: (deps) => [userRiskPasswordChangeCheck(deps), adminRequiredPasswordChangeCheck(deps)],
  show: showPasswordChange,
  routes: [{ path: '/password', handler: submitPasswordChange }],
};
