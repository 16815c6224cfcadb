/**
 * The signed session cookie a browser holding session `id` would send: oidc-provider's
 * `_session` cookie, signed by Koa's cookies/keygrip (HMAC-SHA1 of "name=value" with the first
 * of COOKIE_KEYS, base64url without padding) in `_session.sig`.
 */
import { createHmac } from 'node:crypto';

export function signedSessionCookie(sessionId: string, cookieKey: string): string {
  const pair = `_session=${sessionId}`;
  const signature = createHmac('sha1', cookieKey).update(pair).digest('base64')
    .replace(/\//g, '_').replace(/\+/g, '-').replace(/=/g, '');
  return `${pair}; _session.sig=${signature}`;
}
