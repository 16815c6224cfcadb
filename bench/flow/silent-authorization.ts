/**
 * An authorization request with `prompt=none` from a browser that already has a session: the
 * app's silent sign-in. Succeeds when Vigil answers with a code for the existing session —
 * proof that the session (its cookie, record and grant) is live and usable.
 */
import { REDIRECT_URI, SIGN_IN_SCOPE, WEB_CLIENT } from '../support/bench-clients.ts';
import { newPkce, randomValue } from './pkce.ts';

export type SilentResult = { ok: true; ms: number } | { ok: false; ms: number; reason: string };

export async function silentAuthorization(issuer: string, options: { sessionCookie: string; clientIp: string }): Promise<SilentResult> {
  const started = performance.now();
  const state = randomValue();
  const url = new URL(`${issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: WEB_CLIENT.id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SIGN_IN_SCOPE,
    prompt: 'none',
    state,
    nonce: randomValue(),
    code_challenge: newPkce().challenge,
    code_challenge_method: 'S256',
  }).toString();
  const response = await fetch(url, { headers: { cookie: options.sessionCookie, 'x-forwarded-for': options.clientIp }, redirect: 'manual', signal: AbortSignal.timeout(60_000) });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  const location = response.headers.get('location');
  if (!location?.startsWith(REDIRECT_URI)) return { ok: false, ms, reason: `HTTP ${response.status}, not back at the app` };
  const back = new URL(location).searchParams;
  if (back.get('error')) return { ok: false, ms, reason: `authorization error ${back.get('error')}` };
  if (!back.get('code') || back.get('state') !== state) return { ok: false, ms, reason: 'no code' };
  return { ok: true, ms };
}
