/**
 * Vigil's own routes, mounted in front of oidc-provider: the plumbing here, and every interaction
 * step's page and routes from its step (src/sign-in/steps-registry.ts).
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
import { text } from '../text/catalogue.ts';
import { loadInteraction } from './interaction.ts';
import type { InteractionStep, StepDeps } from './interaction-step.ts';
import { INTERACTION_STEPS } from './steps-registry.ts';

export interface RouterOptions {
  assetsDir: string;
  brand: Brand;
  /** The interaction steps: their pages and routes (src/sign-in/steps-registry.ts by default). */
  steps?: readonly InteractionStep[];
}

/** The steps' services (the plumbing's renderer, logger and clock are among them). */
export function createRouter(services: StepDeps, options: RouterOptions): Router {
  const router = new Router();
  const assets = loadAssets(options.assetsDir, options.brand);
  const forms = bodyParser({ enableTypes: ['form', 'json'], formLimit: '16kb', jsonLimit: '16kb', parsedMethods: ['POST'] });
  const errors = errorPages(services.renderer, services.logger);
  const pages = [securityHeaders(), errors];
  const withServices = (handler: (services: StepDeps, ctx: Context) => Promise<void> | void) =>
    async (ctx: Context, _next: Next): Promise<void> => { await handler(services, ctx); };

  router.get('/healthz', healthz);
  router.get('/readyz', readyz);
  router.get('/assets/:name', serveAsset(assets));
  router.post('/password-strength', errors, forms, strengthEndpoint(createThrottle({ points: 120, durationSeconds: 60, keyPrefix: 'strength', clock: services.clock })));

  router.get('/', ...pages, (ctx) => services.renderer.page(ctx, 'home', { title: text('home.title') }));

  const steps = options.steps ?? INTERACTION_STEPS;
  // The page of the prompt oidc-provider asks for; each step's routes under its interaction.
  router.get('/interaction/:uid', ...pages, withServices(async (svc, ctx) => {
    const loaded = await loadInteraction(svc.provider, ctx);
    const step = steps.find((candidate) => candidate.prompt === loaded.interaction.prompt.name);
    if (!step) throw new Error(`no page for prompt ${loaded.interaction.prompt.name}`);
    await step.show(svc, ctx, loaded);
  }));
  for (const { path, method, handler } of steps.flatMap((step) => step.routes)) {
    if (method === 'get') router.get(`/interaction/:uid${path}`, ...pages, withServices(handler));
    else router.post(`/interaction/:uid${path}`, ...pages, forms, withServices(handler));
  }

  return router;
}
