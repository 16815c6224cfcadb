/**
 * Which page shows which prompt. A feature that adds a prompt to the interaction policy adds its
 * page here; GET /interaction/:uid looks the current prompt up in this table.
 */
import type { Context } from 'koa';
import { isReauthentication } from '../oidc/reauthentication.ts';
import type { Services } from '../services.ts';
import type { LoadedInteraction } from './interaction.ts';
import { showConsent } from './consent-page.ts';
import { showLogin } from './login-page.ts';
import { showMfa } from '../mfa/mfa-page.ts';
import { showRegistrationInterrupt } from '../mfa/registration-page.ts';
import { showPasswordChange } from '../password/password-change-page.ts';

export type ShowPage = (services: Services, ctx: Context, loaded: LoadedInteraction) => void | Promise<void>;

export const promptPages: Record<string, ShowPage> = {
  login: (services, ctx, loaded) => showLogin(services, ctx, loaded, ctx.query.reset === 'done'
    ? { notice: 'login.passwordChanged' }
    : isReauthentication(loaded.interaction.prompt) ? { notice: 'login.reauthenticate' } : {}),
  mfa: (services, ctx, loaded) => showMfa(services, ctx, loaded),
  password_change: showPasswordChange,
  mfa_registration: showRegistrationInterrupt,
  consent: showConsent,
};
