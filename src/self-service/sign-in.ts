/**
 * Signing in to the security info area goes through Vigil's own authorization endpoint as an
 * internal public client (PKCE), so every policy applies; the code is then redeemed in-process
 * (single use, PKCE checked) instead of over HTTP, so it works behind any proxy.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { ClientConfig } from '../config/clients.ts';

export const SELF_SERVICE_CLIENT_ID = 'vigil-security-info';
const FLOW_COOKIE = 'vigil_security_info_flow';

export function selfServiceClient(issuer: string): ClientConfig {
  return {
    client_id: SELF_SERVICE_CLIENT_ID,
    client_name: 'Security info',
    token_endpoint_auth_method: 'none',
    redirect_uris: [`${issuer}/security-info/callback`],
    post_logout_redirect_uris: [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    first_party: true,
  };
}

export function startSignIn(ctx: Context, issuer: string): void {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  ctx.cookies.set(FLOW_COOKIE, `${state}.${verifier}`, { httpOnly: true, sameSite: 'lax', signed: true, path: '/security-info', maxAge: 15 * 60_000, secure: ctx.secure });
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: SELF_SERVICE_CLIENT_ID,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: `${issuer}/security-info/callback`,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  ctx.redirect(url.toString());
}

export type CallbackResult = { ok: true; accountId: string; amr: string[]; authTime: number } | { ok: false };

export async function finishSignIn(ctx: Context, provider: Provider): Promise<CallbackResult> {
  const [state, verifier] = (ctx.cookies.get(FLOW_COOKIE, { signed: true }) ?? '').split('.');
  ctx.cookies.set(FLOW_COOKIE, null, { path: '/security-info' });
  const codeValue = typeof ctx.query.code === 'string' ? ctx.query.code : '';
  if (!state || !verifier || ctx.query.state !== state || !codeValue || codeValue.length > 200) return { ok: false };
  const code = await provider.AuthorizationCode.find(codeValue);
  if (!code || code.clientId !== SELF_SERVICE_CLIENT_ID || !code.isValid || !code.accountId) return { ok: false };
  if (code.codeChallenge !== createHash('sha256').update(verifier).digest('base64url')) return { ok: false };
  try {
    await code.consume();
  } catch {
    return { ok: false };
  }
  return { ok: true, accountId: code.accountId, amr: code.amr ?? [], authTime: code.authTime ?? 0 };
}
