/**
 * Times every request for `vigil_http_request_duration_seconds`. The route label is the router's
 * pattern (`/interaction/:uid/login`, `/token`), never the raw path: ids in paths would make a
 * series per request. Requests no router matched (assets, 404s) share `unmatched`.
 */
import type { Context, Next } from 'koa';
import type { Metrics } from './metrics.ts';

const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH']);

export function routeOf(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: unknown })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}

export function timeRequests(metrics: Pick<Metrics, 'httpRequest'>): (ctx: Context, next: Next) => Promise<void> {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const method = KNOWN_METHODS.has(ctx.method) ? ctx.method : 'OTHER';
      metrics.httpRequest(method, routeOf(ctx), ctx.status, (performance.now() - started) / 1000);
    }
  };
}
