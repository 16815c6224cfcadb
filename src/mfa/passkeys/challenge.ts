/**
 * WebAuthn challenges, kept server-side: bound to a purpose, a user (for registration) and the
 * session that asked (`boundTo`), with an expiry honoured on read (FerretDB has no TTL). A
 * challenge is spent by claiming its key once (src/db/claim-once.ts), so of two responses to
 * one challenge, concurrent or not, at most one is ever verified.
 */
import { randomBytes } from 'node:crypto';
import { MINUTE } from '../../clock.ts';
import { claimOnce } from '../../db/claim-once.ts';
import { collectionNamed } from '../../db/collection.ts';

export const CHALLENGES_COLLECTION = 'webauthn_challenges';
export const CHALLENGE_TTL_MS = 5 * MINUTE;

export type ChallengePurpose = 'register' | 'authenticate';

interface ChallengeRecord {
  /** The challenge itself, base64url. */
  _id: string;
  purpose: ChallengePurpose;
  userId: string | null;
  boundTo: string;
  expiresAt: Date;
}

export interface ChallengeBinding {
  purpose: ChallengePurpose;
  userId: string | null;
  boundTo: string;
}

export async function issueChallenge(binding: ChallengeBinding, now: Date): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  await collectionNamed<ChallengeRecord>(CHALLENGES_COLLECTION).insertOne({ _id: challenge, ...binding, expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS) });
  return challenge;
}

/**
 * true once for a challenge Vigil issued for this purpose, user and session and that has not
 * expired; false for anything else, and for every later try.
 */
export async function spendChallenge(challenge: string, binding: ChallengeBinding, now: Date): Promise<boolean> {
  if (challenge.length > 100) return false;
  const record = await collectionNamed<ChallengeRecord>(CHALLENGES_COLLECTION).findOne({ _id: challenge });
  if (!record || record.expiresAt <= now) return false;
  if (record.purpose !== binding.purpose || record.userId !== binding.userId || record.boundTo !== binding.boundTo) return false;
  if (!await claimOnce(`webauthn-challenge:${challenge}`, now, record.expiresAt)) return false;
  await collectionNamed<ChallengeRecord>(CHALLENGES_COLLECTION).deleteOne({ _id: challenge });
  return true;
}
