/**
 * The baseline's whole login: one page with a username and password form (the same HTML
 * contract as Vigil's, so the flow driver fills both alike) and its POST, which checks the
 * password against the bench users' argon2id hash and completes the interaction for the bench
 * account. No user store, CSRF, risk, policies or rendering engine: what any oidc-provider-based
 * identity provider with an argon2id password check cannot do without.
 */
import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { Context, Next } from 'koa';
import { verifyPassword } from '../../src/password/password-hash.ts';
import { PASSWORD_ACR, PASSWORD_AMR } from '../../src/oidc/acr.ts';

const MAX_BODY_BYTES = 4096;

export function loginPage(uid: string, failed: boolean): string {
  return `<!doctype html><title>Sign in</title>${failed ? '<p>Wrong password</p>' : ''}`
    + `<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">`
    + '<input name="username" autocomplete="username"><input name="password" type="password" autocomplete="current-password">'
    + '<button type="submit" name="action" value="login">Sign in</button></form>';
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('form too large');
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function passwordPage(provider: Provider, options: { passwordHash: string; accountId: string }) {
  return async function handle(ctx: Context, next: Next): Promise<void> {
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
    if (!match) return next();
    if (ctx.method === 'GET' && !match[2]) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, false);
      return;
    }
    if (ctx.method !== 'POST' || !match[2]) return next();
    const form = await formBody(ctx.req);
    if (!await verifyPassword(options.passwordHash, form.get('password') ?? '')) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, true);
      return;
    }
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, {
      login: { accountId: options.accountId, acr: PASSWORD_ACR, amr: PASSWORD_AMR, remember: true },
    }, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(returnTo);
  };
}
