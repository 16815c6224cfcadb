/**
 * Reading what the browser sent: a bounded JSON text of a credential, and the challenge inside
 * it, which must be one Vigil issued for this purpose, user and session (spent here).
 */
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import { spendChallenge, type ChallengeBinding } from './challenge.ts';

const MAX_RESPONSE_LENGTH = 16_384;

/** The parsed credential if it has the shape of one (id, rawId, type, the named response field). */
export function parseCredentialJson<T>(raw: unknown, field: 'attestationObject' | 'authenticatorData'): T | null {
  if (typeof raw !== 'string' || raw.length > MAX_RESPONSE_LENGTH) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const credential = parsed as Record<string, unknown>;
  const response = credential.response as Record<string, unknown> | undefined;
  const ok = typeof credential.id === 'string' && typeof credential.rawId === 'string' && credential.type === 'public-key'
    && typeof response === 'object' && response !== null && typeof response.clientDataJSON === 'string' && typeof response[field] === 'string';
  return ok ? parsed as T : null;
}

export function challengeOf(credential: { response: { clientDataJSON: string } }): string | null {
  try {
    const challenge = decodeClientDataJSON(credential.response.clientDataJSON).challenge;
    return typeof challenge === 'string' ? challenge : null;
  } catch {
    return null;
  }
}

export type Received<T> = { ok: true; response: T; challenge: string } | { ok: false; reason: 'INVALID' | 'CHALLENGE' };

export async function receiveCredential<T extends { response: { clientDataJSON: string } }>(raw: unknown, field: 'attestationObject' | 'authenticatorData', binding: ChallengeBinding, now: Date): Promise<Received<T>> {
  const response = parseCredentialJson<T>(raw, field);
  const challenge = response && challengeOf(response);
  if (!response || !challenge) return { ok: false, reason: 'INVALID' };
  if (!await spendChallenge(challenge, binding, now)) return { ok: false, reason: 'CHALLENGE' };
  return { ok: true, response, challenge };
}

/** The library's verdict; a response it cannot parse throws, and counts as not verified. */
export async function verdictOf<R extends { verified: boolean }>(verify: () => Promise<R>): Promise<R | null> {
  try {
    const result = await verify();
    return result.verified ? result : null;
  } catch {
    return null;
  }
}
