/**
 * Security headers for Vigil's own pages: a strict Content-Security-Policy (everything from
 * Vigil, no inline script or style), no framing, no referrer leakage of interaction URLs.
 * `form-action` is left out on purpose: a sign-in form ends in a redirect to the relying
 * party, and browsers apply form-action to that redirect.
 */
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
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
}
