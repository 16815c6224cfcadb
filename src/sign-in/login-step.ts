/**
 * The login step: oidc-provider's login prompt with the disabled account check added to it
 * (decision order step 1), the password page, the passwordless passkey sign-in, and the password reset
 * that starts from this page.
 */
import { isReauthentication } from '../oidc/reauthentication.ts';
import { accountDisabledCheck } from '../users/account-disabled-check.ts';
import { passwordResetRoutes } from '../password/reset/reset-routes.ts';
import { showLogin, submitLogin } from './login-page.ts';
import { passwordlessOptions, submitPasskeySignIn } from './passkey-sign-in.ts';
import type { InteractionStep } from './interaction-step.ts';

export const loginStep: InteractionStep = {
  prompt: 'login',
  // Index 1: after the prompt=login check, before oidc-provider's session, max_age and id_token_hint checks.
  extraChecks: (deps) => [{ check: accountDisabledCheck(deps), index: 1 }],
  show: (services, ctx, loaded) => showLogin(services, ctx, loaded, ctx.query.reset === 'done'
    ? { notice: 'login.passwordChanged' }
    : isReauthentication(loaded.interaction.prompt) ? { notice: 'login.reauthenticate' } : {}),
  routes: [
    { path: '/login', handler: submitLogin },
    { path: '/passkey-options', handler: passwordlessOptions },
    { path: '/passkey', handler: submitPasskeySignIn },
    ...passwordResetRoutes,
  ],
};
