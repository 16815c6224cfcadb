/**
 * While the database is unreachable every request that needs it is answered 503 with
 * Retry-After: the "temporarily unavailable" page for a browser, `{"error":
 * "temporarily_unavailable"}` (RFC 6749 §4.1.2.1's code) for an API client. oidc-provider catches
 * its adapter's failures itself and would answer 500 `server_error` (or send the browser back to
 * the app with it); its `server_error` event notes the request (noteDatabaseFailure), and the
 * outermost middleware here replaces whatever it answered. A failure nobody caught is answered
 * the same way. How fast a request gives up is the driver's server selection timeout
 * (src/db/connect.ts).
 */
import type { Context, Next } from 'koa';
import { isDatabaseError } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { text } from '../text/catalogue.ts';
import type { Renderer } from './render.ts';
import { securityHeaders } from './security-headers.ts';

/** Matches the page's "try again in a minute" without keeping clients away longer than needed. */
export const RETRY_AFTER_SECONDS = 30;
export const UNAVAILABLE_CODE = 'temporarily_unavailable';

const failedRequests = new WeakSet<object>();

/** Called for oidc-provider's `server_error` event: this request failed on the database. */
export function noteDatabaseFailure(ctx: unknown, error: unknown): void {
  if (typeof ctx === 'object' && ctx !== null && isDatabaseError(error)) failedRequests.add(ctx);
}

export function unavailableJson(ctx: Context): void {
  ctx.status = 503;
  ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: UNAVAILABLE_CODE, error_description: text('error.unavailable.body') };
}

export function databaseOutage(renderer: Renderer, logger: Logger) {
  const headers = securityHeaders();
  async function page(ctx: Context): Promise<void> {
    await headers(ctx, async () => {});
    const title = text('error.unavailable.title');
    renderer.page(ctx, 'error', { title, heading: title, message: text('error.unavailable.body') }, 503);
    ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
  }
  return async function answerUnavailable(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      logger.warn({ err: (error as Error).message, path: ctx.path }, 'database unavailable');
      // A browser's navigation asks for HTML by name; a client that names nothing gets JSON.
      if (ctx.accepts('json', 'html') === 'html') await page(ctx);
      else unavailableJson(ctx);
      return;
    }
    if (!failedRequests.has(ctx)) return;
    // A browser got a page or a redirect; an API client got JSON. Both get the same meaning.
    const browser = ctx.response.is('html') !== false || (ctx.status >= 300 && ctx.status < 400);
    // Nothing of the failed answer stays: no redirect, no `error="server_error"` challenge.
    ctx.remove('Location');
    ctx.remove('WWW-Authenticate');
    if (browser) await page(ctx);
    else unavailableJson(ctx);
  };
}
