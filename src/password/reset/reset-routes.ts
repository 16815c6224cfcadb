/**
 * Self-service password reset's routes. The reset has no prompt of its own: it starts from the
 * login page's "Forgot your password?" link and runs inside that interaction, so the login step
 * (src/sign-in/login-step.ts) mounts these with its own.
 */
import type { StepRoute } from '../../sign-in/interaction-step.ts';
import { showForgotPassword, submitForgotMethod, submitForgotNewPassword, submitForgotPassword, submitForgotVerify } from './forgot-password-page.ts';
import { resetPasskeyOptions } from './reset-passkey-options.ts';

export const passwordResetRoutes: readonly StepRoute[] = [
  { method: 'get', path: '/forgot', handler: showForgotPassword },
  { path: '/forgot', handler: submitForgotPassword },
  { path: '/forgot/method', handler: submitForgotMethod },
  { path: '/forgot/verify', handler: submitForgotVerify },
  { path: '/forgot/passkey-options', handler: resetPasskeyOptions },
  { path: '/forgot/password', handler: submitForgotNewPassword },
];
