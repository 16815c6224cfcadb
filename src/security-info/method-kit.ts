/**
 * What security info lends an MFA method's own routes and actions there (its `securityInfoRoutes`
 * and `securityInfoActions` hooks in src/mfa/method.ts), as the passkeys' add, rename and remove
 * or the app's `register`: the services they use, the form parser, the signed-in request and the
 * list page that every outcome shows.
 */
import type { Context, Middleware } from 'koa';
import type { Services } from '../services.ts';
import type { TextId } from '../text/catalogue.ts';
import type { Signed } from './signed.ts';

export interface SecurityInfoKit {
  services: Pick<Services, 'brand' | 'clock' | 'csrf' | 'logger' | 'mailer' | 'renderer' | 'settings'>;
  forms: Middleware;
  signedIn(ctx: Context): Promise<Signed | null>;
  requireForm(ctx: Context): Promise<Signed | null>;
  /** The list page; `newCodes`: recovery codes to show once. */
  render(ctx: Context, signed: Signed, extra: { notice?: TextId; error?: TextId; errorField?: string; newCodes?: string[]; status?: number }): Promise<void>;
  csrfFor(signed: Signed): string;
  /** Starts the registration wizard (src/mfa/registration-wizard.ts) in security info. */
  startWizard(ctx: Context, signed: Signed): Promise<void>;
}

/**
 * A method's buttons posted to /security-info/methods, by their `action` (as the app's
 * `register`): run once the request is signed in, its form checked and its proof fresh.
 */
export type SecurityInfoActions = Readonly<Record<string, (ctx: Context, signed: Signed, kit: SecurityInfoKit) => Promise<void>>>;
