/**
 * Vigil's own areas (security info, the admin console) sign in through Vigil's authorization
 * endpoint as internal public clients (code + PKCE), so every policy applies to them as to any
 * app; the code is then redeemed in-process (single use, PKCE checked) instead of over HTTP, so
 * it works behind any proxy.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { ClientConfig } from '../config/clients.ts';

export interface InternalClientOptions {
  clientId: string;
  clientName: string;
  /** The area's path: its callback is `<basePath>/callback`, its flow cookie is scoped to it. */
  basePath: string;
  flowCookie: string;
  /** Extra authorization parameters (e.g. an essential acr claim, prompt=login). */
  params?: Record<string, string>;
}

export type InternalSignInResult = { ok: true; accountId: string; acr: string; amr: string[]; authTime: number } | { ok: false };

export interface InternalClient {
  clientId: string;
  config(issuer: string): ClientConfig;
  start(ctx: Context, issuer: string): void;
  finish(ctx: Context, provider: Provider): Promise<InternalSignInResult>;
}

const challengeOf = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export function internalClient(options: InternalClientOptions): InternalClient {
  const { clientId, basePath, flowCookie } = options;
  const callbackOf = (issuer: string): string => `${issuer}${basePath}/callback`;
  return {
    clientId,
    config: (issuer) => ({
      client_id: clientId,
      client_name: options.clientName,
      token_endpoint_auth_method: 'none',
      redirect_uris: [callbackOf(issuer)],
      post_logout_redirect_uris: [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      first_party: true,
    }),
    start(ctx, issuer) {
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      ctx.cookies.set(flowCookie, `${state}.${verifier}`, { httpOnly: true, sameSite: 'lax', signed: true, path: basePath, maxAge: 15 * 60_000, secure: ctx.secure });
      const url = new URL(`${issuer}/auth`);
      url.search = new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: callbackOf(issuer),
        state,
        ...options.params,
        code_challenge: challengeOf(verifier),
        code_challenge_method: 'S256',
      }).toString();
      ctx.redirect(url.toString());
    },
    async finish(ctx, provider) {
      const [state, verifier] = (ctx.cookies.get(flowCookie, { signed: true }) ?? '').split('.');
      ctx.cookies.set(flowCookie, null, { path: basePath });
      const value = typeof ctx.query.code === 'string' ? ctx.query.code : '';
      if (!state || !verifier || ctx.query.state !== state || !value || value.length > 200) return { ok: false };
      const code = await provider.AuthorizationCode.find(value);
      if (!code || code.clientId !== clientId || !code.isValid || !code.accountId) return { ok: false };
      if (code.codeChallenge !== challengeOf(verifier)) return { ok: false };
      try {
        await code.consume();
      } catch {
        return { ok: false };
      }
      return { ok: true, accountId: code.accountId, acr: code.acr ?? '', amr: code.amr ?? [], authTime: code.authTime ?? 0 };
    },
  };
}
