/**
 * Vigil's own routes, mounted in front of oidc-provider. One table: what each URL does.
 */
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context, Next } from 'koa';
import { loadAssets, serveAsset } from '../http/assets.ts';
import { errorPages } from '../http/error-page.ts';
import { healthz, readyz } from '../http/health.ts';
import { strengthEndpoint } from '../password/strength-route.ts';
import { createThrottle } from '../db/throttle.ts';
import type { Brand } from '../http/render.ts';
import { securityHeaders } from '../http/security-headers.ts';
import type { Services } from '../services.ts';
import { text } from '../text/catalogue.ts';
import { loadInteraction } from './interaction.ts';
import { submitConsent } from './consent-page.ts';
import { submitLogin } from './login-page.ts';
import { passwordlessOptions, submitPasskeySignIn } from './passkey-sign-in.ts';
import { submitMfa } from '../mfa/mfa-page.ts';
import { passkeyOptions } from '../mfa/passkeys/mfa-passkey-page.ts';
import { submitRegistration } from '../mfa/registration-page.ts';
import { wizardPasskeyOptions } from '../mfa/registration-passkey.ts';
import { resetPasskeyOptions } from '../password/reset/reset-passkey-options.ts';
import { submitPasswordChange } from '../password/password-change-page.ts';
import { showForgotPassword, submitForgotMethod, submitForgotNewPassword, submitForgotPassword, submitForgotVerify } from '../password/reset/forgot-password-page.ts';
import { promptPages } from './pages.ts';

export function createRouter(services: Services, options: { assetsDir: string; brand: Brand }): Router {
  const router = new Router();
  const assets = loadAssets(options.assetsDir, options.brand);
  const forms = bodyParser({ enableTypes: ['form', 'json'], formLimit: '16kb', jsonLimit: '16kb', parsedMethods: ['POST'] });
  const errors = errorPages(services.renderer, services.logger);
  const pages = [securityHeaders(), errors];
  const withServices = (handler: (services: Services, ctx: Context) => Promise<void> | void) =>
    async (ctx: Context, _next: Next): Promise<void> => { await handler(services, ctx); };

  router.get('/healthz', healthz);
  router.get('/readyz', readyz);
  router.get('/assets/:name', serveAsset(assets));
  router.post('/password-strength', errors, forms, strengthEndpoint(createThrottle({ points: 120, durationSeconds: 60, keyPrefix: 'strength', clock: services.clock })));

  router.get('/', ...pages, (ctx) => services.renderer.page(ctx, 'home', { title: text('home.title') }));

  router.get('/interaction/:uid', ...pages, withServices(async (svc, ctx) => {
    const loaded = await loadInteraction(svc.provider, ctx);
    const show = promptPages[loaded.interaction.prompt.name];
    if (!show) throw new Error(`no page for prompt ${loaded.interaction.prompt.name}`);
    await show(svc, ctx, loaded);
  }));
  router.post('/interaction/:uid/login', ...pages, forms, withServices(submitLogin));
  router.post('/interaction/:uid/passkey-options', ...pages, forms, withServices(passwordlessOptions));
  router.post('/interaction/:uid/passkey', ...pages, forms, withServices(submitPasskeySignIn));
  router.post('/interaction/:uid/consent', ...pages, forms, withServices(submitConsent));
  router.post('/interaction/:uid/mfa', ...pages, forms, withServices(submitMfa));
  router.post('/interaction/:uid/mfa/passkey-options', ...pages, forms, withServices(passkeyOptions));
  router.post('/interaction/:uid/registration', ...pages, forms, withServices(submitRegistration));
  router.post('/interaction/:uid/registration/passkey-options', ...pages, forms, withServices(wizardPasskeyOptions));
  router.post('/interaction/:uid/password', ...pages, forms, withServices(submitPasswordChange));
  router.get('/interaction/:uid/forgot', ...pages, withServices(showForgotPassword));
  router.post('/interaction/:uid/forgot', ...pages, forms, withServices(submitForgotPassword));
  router.post('/interaction/:uid/forgot/method', ...pages, forms, withServices(submitForgotMethod));
  router.post('/interaction/:uid/forgot/verify', ...pages, forms, withServices(submitForgotVerify));
  router.post('/interaction/:uid/forgot/passkey-options', ...pages, forms, withServices(resetPasskeyOptions));
  router.post('/interaction/:uid/forgot/password', ...pages, forms, withServices(submitForgotNewPassword));

  return router;
}
