/**
 * Security headers for Vigil's own pages: a strict Content-Security-Policy (everything from
 * Vigil, no inline script or style), no framing, no referrer leakage of interaction URLs.
 * `form-action` is left out on purpose: a sign-in form ends in a redirect to the relying
 * party, and browsers apply form-action to that redirect.
 */
import type { Context, Next } from 'koa';
import helmet from 'koa-helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
}

const FRAME_ANCESTORS = "frame-ancestors 'none'";

/**
 * No response of Vigil's may be framed (clickjacking), whoever rendered it: our pages carry the
 * full policy above, and this, outermost, adds the framing refusal to everything else —
 * oidc-provider's own pages (the logout auto-submit form, the form_post response) and JSON. A
 * page without a CSP gets only `frame-ancestors`, so oidc-provider's inline auto-submit script
 * still runs; a page with one gets `frame-ancestors` appended when it lacks it.
 */
export function refuseFraming() {
  return async function noFraming(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } finally {
      ctx.set('X-Frame-Options', 'DENY');
      const csp = ctx.response.get('Content-Security-Policy');
      if (!csp) ctx.set('Content-Security-Policy', FRAME_ANCESTORS);
      else if (!/(^|;)\s*frame-ancestors\s/i.test(csp)) ctx.set('Content-Security-Policy', `${csp};${FRAME_ANCESTORS}`);
    }
  };
}
