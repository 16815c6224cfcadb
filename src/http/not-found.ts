/** Any path nobody answered gets Vigil's own 404 page (with its headers), not a bare "Not Found". */
import type { Context, Next } from 'koa';
import type { Renderer } from './render.ts';
import { securityHeaders } from './security-headers.ts';
import { text } from '../text/catalogue.ts';

export function notFoundPage(renderer: Renderer) {
  const headers = securityHeaders();
  return async function notFound(ctx: Context, next: Next): Promise<void> {
    await next();
    if (ctx.status !== 404 || ctx.body !== undefined && ctx.body !== null) return;
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.status = 404;
      ctx.body = { error: 'not_found', error_description: text('error.notFound') };
      return;
    }
    await headers(ctx, async () => {});
    renderer.page(ctx, 'error', { title: text('error.title'), heading: text('error.title'), message: text('error.notFound') }, 404);
  };
}
