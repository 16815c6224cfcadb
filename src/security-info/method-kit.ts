/**
 * What security info lends an MFA method's own routes there (its `securityInfoRoutes` hook in
 * src/mfa/method.ts), as the passkeys' add, rename and remove: the services they use, the form
 * parser, the signed-in request and the list page that every outcome shows.
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
  render(ctx: Context, signed: Signed, extra: { notice?: TextId; error?: TextId; errorField?: string; status?: number }): Promise<void>;
  csrfFor(signed: Signed): string;
}
