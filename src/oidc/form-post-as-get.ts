/**
 * OIDC Core 3.1.2.1 and RP-Initiated Logout 1.0 §2: the authorization and logout endpoints MUST
 * accept POST as well as GET. oidc-provider 9 serves POST there only when the session cookie is
 * `SameSite=None` (its `enableHttpPostMethods`), so that a cross-site form POST carries it. Vigil
 * keeps every cookie `SameSite=Lax` instead and answers a form POST to those endpoints with a 303
 * to the same endpoint by GET with the same parameters: the browser then arrives by a top-level
 * GET navigation, which carries Lax cookies, exactly as when the app had linked there. The POST
 * itself reads no cookie and changes nothing, so it opens no CSRF path (README "POST requests").
 */
import type { Context, Next } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { errorPages } from '../http/error-page.ts';
import type { Renderer } from '../http/render.ts';
import { securityHeaders } from '../http/security-headers.ts';
import type { Logger } from '../log.ts';

/** The GET that follows must fit Node's 16 KiB request header limit with room for cookies. */
export const FORM_POST_LIMIT = '8kb';

function queryOf(body: unknown): string {
  const query = new URLSearchParams();
  if (body && typeof body === 'object') {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      // Repeated parameters stay repeated: oidc-provider refuses them with invalid_request.
      for (const one of Array.isArray(value) ? value : [value]) {
        if (typeof one === 'string') query.append(name, one);
      }
    }
  }
  return query.toString();
}

export function formPostAsGet(paths: ReadonlyArray<string>, renderer: Renderer, logger: Logger) {
  const parse = bodyParser({ enableTypes: ['form'], formLimit: FORM_POST_LIMIT, parsedMethods: ['POST'] });
  const headers = securityHeaders();
  const pages = errorPages(renderer, logger);
  return async function postAsGet(ctx: Context, next: Next): Promise<void> {
    if (ctx.method !== 'POST' || !paths.includes(ctx.path)) {
      await next();
      return;
    }
    await headers(ctx, () => pages(ctx, async () => {
      await parse(ctx, async () => {});
      const query = queryOf(ctx.request.body);
      ctx.status = 303;
      ctx.redirect(query ? `${ctx.path}?${query}` : ctx.path);
    }));
  };
}
