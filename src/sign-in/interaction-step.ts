/**
 * An interaction step: one prompt of the interaction policy, the page that shows it and the
 * routes its forms post to, defined next to its page in its feature folder and listed once in
 * src/sign-in/steps-registry.ts. The interaction policy's prompts (src/oidc/prompts.ts), the page
 * GET /interaction/:uid shows and the routes (src/sign-in/router.ts) all come from that list, as
 * oidc-provider's own prompts carry their checks (docs/ARCHITECTURE.md, "Where to add…").
 */
import type { Context } from 'koa';
import type { interactionPolicy, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
import type { Services } from '../services.ts';
import type { CheckDeps } from './check-deps.ts';
import type { LoadedInteraction } from './interaction.ts';

/**
 * What the router hands a step's page and handlers: the union of what the steps declare (each
 * page and handler takes its own Pick<Services, …>, e.g. src/mfa/mfa-page.ts `MfaDeps`, which
 * fits here as it is). A step needing another service adds its key.
 */
export type StepDeps = Pick<Services, 'brand' | 'clock' | 'codePepper' | 'csrf' | 'logger' | 'mailer' | 'metrics' | 'passwordChangedHooks' | 'policies' | 'provider' | 'renderer' | 'reportLinks' | 'resetThrottles' | 'risk' | 'secretBox' | 'settings'>;

/** Shows the step's page for the interaction GET /interaction/:uid loaded. */
export type ShowPage = (services: StepDeps, ctx: Context, loaded: LoadedInteraction) => void | Promise<void>;

/** Handles one of the step's requests (its forms' posts, the passkey options it fetches). */
export type StepHandler = (services: StepDeps, ctx: Context) => void | Promise<void>;

export interface StepRoute {
  /** Under /interaction/:uid, e.g. `/mfa` for POST /interaction/:uid/mfa. */
  path: string;
  /** POST (the default: a form, parsed) or GET (a page, no body). */
  method?: 'get' | 'post';
  handler: StepHandler;
}

export interface InteractionStep {
  /** The prompt's name, as the interaction policy and `interaction.prompt.name` have it. */
  prompt: string;
  /**
   * Vigil's own prompt: its checks, each reading one reason of the sign-in decision
   * (src/sign-in/decide.ts, OWED_PROMPTS). None for oidc-provider's own login and consent
   * prompts (their extra checks, if any, are `extraChecks`).
   */
  checks?(deps: CheckDeps): interactionPolicy.Check[];
  /**
   * Checks the step adds to its prompt when that prompt is oidc-provider's own (login, consent),
   * each at its index among the prompt's checks (src/oidc/interaction-policy.ts adds them).
   */
  extraChecks?(deps: CheckDeps): ReadonlyArray<{ check: interactionPolicy.Check; index: number }>;
  /** What the prompt tells its page (`interaction.prompt.details`). */
  details?(deps: CheckDeps): (ctx: KoaContextWithOIDC) => Promise<UnknownObject>;
  show: ShowPage;
  routes: readonly StepRoute[];
}
