/**
 * Who is really calling. X-Forwarded-* headers are honoured only when TRUST_PROXY says so: `true`
 * trusts any peer, a list trusts those proxy addresses (exact IPs) only. From an untrusted peer
 * the headers are removed before anything (Koa, oidc-provider, the risk engine) can read them,
 * so a client cannot spoof its IP or scheme.
 */
import type { Context, Next } from 'koa';

const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded'];

function normalise(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

export function resolveClientIp(peer: string, forwardedFor: string | undefined, trust: boolean | string[]): string {
  const remote = normalise(peer);
  if (!trust || !forwardedFor) return remote;
  const hops = forwardedFor.split(',').map((hop) => normalise(hop.trim())).filter(Boolean);
  if (trust === true) return hops[0] ?? remote;
  // Walk back from the nearest hop, past our own proxies, to the first address we did not add.
  const chain = [...hops, remote];
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const hop = chain[i];
    if (hop !== undefined && !trust.includes(hop)) return hop;
  }
  return chain[0] ?? remote;
}

export function trustedProxy(trust: boolean | string[]) {
  return async function clientIp(ctx: Context, next: Next): Promise<void> {
    const peer = normalise(ctx.req.socket.remoteAddress ?? '');
    const peerTrusted = trust === true || (Array.isArray(trust) && trust.includes(peer));
    if (!peerTrusted) {
      for (const header of FORWARDED_HEADERS) delete ctx.req.headers[header];
    }
    const forwarded = ctx.req.headers['x-forwarded-for'];
    ctx.state.clientIp = resolveClientIp(peer, Array.isArray(forwarded) ? forwarded.join(',') : forwarded, peerTrusted ? trust : false);
    await next();
  };
}

export function clientIpOf(ctx: Context): string {
  const ip: unknown = ctx.state.clientIp;
  return typeof ip === 'string' ? ip : ctx.ip;
}
