/**
 * "Back to <app>" on security info. An app links to `/security-info?client_id=<its id>`; when
 * that client's clients.yaml entry declares `client_uri` (its home page, standard OIDC client
 * metadata), security info links back there. Only a registered client's own URI is ever used,
 * never a URL from the request, so the link cannot be pointed elsewhere.
 */
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import { MINUTE } from '../clock.ts';

const COOKIE = 'vigil_security_info_app';

export interface BackToApp {
  name: string;
  url: string;
}

function clientIdIn(ctx: Context): string | undefined {
  const id = ctx.query.client_id;
  return typeof id === 'string' && id && id.length <= 200 ? id : undefined;
}

/** Remembers which app sent the user here, across the sign-in to security info. */
export function rememberApp(ctx: Context): void {
  const id = clientIdIn(ctx);
  if (!id) return;
  ctx.cookies.set(COOKIE, id, { httpOnly: true, sameSite: 'lax', path: '/security-info', secure: ctx.secure, signed: false, overwrite: true, maxAge: 30 * MINUTE });
}

export async function backToApp(ctx: Context, provider: Provider): Promise<BackToApp | undefined> {
  const id = clientIdIn(ctx) ?? ctx.cookies.get(COOKIE);
  if (!id || id.length > 200) return undefined;
  const client = await provider.Client.find(id);
  const url = client?.clientUri;
  if (!client || !url || !/^https?:\/\//.test(url)) return undefined;
  return { name: client.clientName ?? id, url };
}
