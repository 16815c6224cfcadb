/**
 * A tiny relying party served by Vigil in development only (GET /demo), so the quick start can
 * sign in end to end without another app: authorization code + PKCE against Vigil's own
 * endpoints, then it shows the ID token claims it received and the userinfo response it fetched
 * with the access token. Both, because the ID token carries only sub, acr, amr and auth_time plus
 * what the `claims` parameter names (conformIdTokenClaims): the profile and e-mail claims the
 * scope asks for are released at userinfo. Never mounted in production.
 */
import { createHash, randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { securityHeaders } from '../http/security-headers.ts';
import { ESSENTIAL_MFA_CLAIMS } from '../oidc/acr.ts';
import type { Services } from '../services.ts';

const CLIENT_ID = 'demo-app';
const COOKIE = 'vigil_demo';

function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

function decodeJwtPayload(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function demoRouter(services: Pick<Services, 'renderer' | 'settings'>): Router {
  const router = new Router({ prefix: '/demo' });
  const { issuer } = services.settings;
  const redirectUri = `${issuer}/demo/callback`;
  /** oidc-provider's userinfo endpoint (`/me`), asked with the access token as a bearer token. */
  async function fetchUserinfo(accessToken: string): Promise<{ claims: unknown } | { error: string }> {
    const response = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = await response.json() as unknown;
    if (response.ok) return { claims: body };
    const error = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : `HTTP ${response.status}`;
    return { error };
  }
  const page = (ctx: Context, title: string, body: Record<string, unknown>) =>
    services.renderer.page(ctx, 'demo', { title, ...body });

  /**
   * Both sign-in links of a page, each going straight to Vigil's /auth with one PKCE pair (only
   * one of them is followed). The MFA one demands MFA with the essential acr claim (an
   * `acr_values` request is only a preference).
   */
  function signInLinks(ctx: Context): { signInUrl: string; mfaSignInUrl: string } {
    const verifier = base64url(randomBytes(32));
    const state = base64url(randomBytes(16));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    ctx.cookies.set(COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'lax', signed: true, maxAge: 600_000 });
    const link = (extra: Record<string, string>): string => {
      const url = new URL(`${issuer}/auth`);
      url.search = new URLSearchParams({
        client_id: CLIENT_ID, response_type: 'code', scope: 'openid profile email', redirect_uri: redirectUri,
        state, code_challenge: challenge, code_challenge_method: 'S256', ...extra,
      }).toString();
      return url.toString();
    };
    return { signInUrl: link({}), mfaSignInUrl: link({ claims: ESSENTIAL_MFA_CLAIMS }) };
  }

  router.get('/', securityHeaders(), (ctx) => {
    page(ctx, 'Demo app', { ...signInLinks(ctx) });
  });

  router.get('/callback', securityHeaders(), async (ctx) => {
    const [state, verifier] = (ctx.cookies.get(COOKIE, { signed: true }) ?? '').split('.');
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!state || !verifier || ctx.query.state !== state || !code) {
      page(ctx, 'Demo app', { error: typeof ctx.query.error === 'string' ? ctx.query.error : 'invalid_state', ...signInLinks(ctx) });
      return;
    }
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: CLIENT_ID, code_verifier: verifier }),
    });
    const tokens = await response.json() as { id_token?: string; access_token?: string; error?: string };
    if (!tokens.id_token || !tokens.access_token) {
      page(ctx, 'Demo app', { error: tokens.error ?? 'token_error', ...signInLinks(ctx) });
      return;
    }
    const userinfo = await fetchUserinfo(tokens.access_token);
    page(ctx, 'Signed in', {
      claims: JSON.stringify(decodeJwtPayload(tokens.id_token), null, 2),
      userinfo: 'claims' in userinfo ? JSON.stringify(userinfo.claims, null, 2) : undefined,
      userinfoError: 'error' in userinfo ? userinfo.error : undefined,
      ...signInLinks(ctx),
      logoutUrl: `${issuer}/session/end?client_id=${CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent(`${issuer}/demo`)}`,
    });
  });
  return router;
}
