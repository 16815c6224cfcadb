/**
 * Single use, atomically, on any MongoDB-compatible server. A one-time thing (authorization code,
 * refresh token, TOTP time step, recovery code, e-mailed code, reset link) is spent by inserting
 * its key into `claims`; the unique `_id` lets exactly one of any number of concurrent attempts
 * succeed. A conditional update is not enough: FerretDB 1.x evaluates the filter and the write
 * separately, so two concurrent updates can both match (measured: 4 of 20 racing
 * findOneAndUpdate calls won), while a duplicate `_id` insert is always refused.
 */
import { isDuplicateKeyError } from './duplicate-key.ts';
import { collectionNamed } from './collection.ts';

interface ClaimRecord {
  _id: string;
  claimedAt: Date;
  expiresAt: Date;
}


export const CLAIMS_COLLECTION = 'claims';

/** true: this caller is the one and only user of `key`; false: it was already used. */
export async function claimOnce(key: string, now: Date, keepUntil: Date): Promise<boolean> {
  try {
    await collectionNamed<ClaimRecord>(CLAIMS_COLLECTION).insertOne({ _id: key, claimedAt: now, expiresAt: keepUntil });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/**
 * Gives a key back. Only for keys that decide which of concurrent attempts goes first (an
 * enrollment), never for a spent secret: a code, token or link stays claimed until it expires.
 */
export async function forgetClaim(key: string): Promise<void> {
  await collectionNamed<ClaimRecord>(CLAIMS_COLLECTION).deleteOne({ _id: key });
}
