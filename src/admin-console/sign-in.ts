/**
 * Signing in to the admin console goes through Vigil's own authorization endpoint as an internal
 * public client (code + PKCE) that demands MFA with an essential acr claim; the code is redeemed
 * in-process (single use, PKCE checked), as security info does (src/self-service/sign-in.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { ClientConfig } from '../config/clients.ts';
import { ESSENTIAL_MFA_CLAIMS } from '../oidc/acr.ts';

export const ADMIN_CONSOLE_CLIENT_ID = 'vigil-admin-console';
const FLOW_COOKIE = 'vigil_admin_flow';
const callbackOf = (issuer: string): string => `${issuer}/admin/callback`;
const challengeOf = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export function adminConsoleClient(issuer: string): ClientConfig {
  return {
    client_id: ADMIN_CONSOLE_CLIENT_ID,
    client_name: 'Admin console',
    token_endpoint_auth_method: 'none',
    redirect_uris: [callbackOf(issuer)],
    post_logout_redirect_uris: [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    first_party: true,
  };
}

export function startAdminSignIn(ctx: Context, issuer: string): void {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  ctx.cookies.set(FLOW_COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'lax', signed: true, path: '/admin', maxAge: 15 * 60_000, secure: ctx.secure });
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: ADMIN_CONSOLE_CLIENT_ID,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: callbackOf(issuer),
    state,
    claims: ESSENTIAL_MFA_CLAIMS,
    // A console session starts from a fresh password and second factor, never from single sign-on.
    prompt: 'login',
    code_challenge: challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  ctx.redirect(url.toString());
}

export type AdminCallback = { ok: true; accountId: string; amr: string[] } | { ok: false };

export async function finishAdminSignIn(ctx: Context, provider: Provider): Promise<AdminCallback> {
  const [state, verifier] = (ctx.cookies.get(FLOW_COOKIE, { signed: true }) ?? '').split('.');
  ctx.cookies.set(FLOW_COOKIE, null, { path: '/admin' });
  const value = typeof ctx.query.code === 'string' ? ctx.query.code : '';
  if (!state || !verifier || ctx.query.state !== state || !value || value.length > 200) return { ok: false };
  const code = await provider.AuthorizationCode.find(value);
  if (!code || code.clientId !== ADMIN_CONSOLE_CLIENT_ID || !code.isValid || !code.accountId) return { ok: false };
  if (code.codeChallenge !== challengeOf(verifier)) return { ok: false };
  try {
    await code.consume();
  } catch {
    return { ok: false };
  }
  return { ok: true, accountId: code.accountId, amr: code.amr ?? [] };
}
