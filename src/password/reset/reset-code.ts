/**
 * The e-mailed reset code belongs to the account, not to one reset: one document per account
 * (`reset_codes`, by `_id`), replaced by each new code. So when the account's mail cap is reached
 * a later reset sends nothing new and the newest code already mailed still works for it (the user
 * is told to use it), and a stranger's resets cannot make the user's code useless. Codes are 6
 * random digits, valid 10 minutes, stored as a keyed hash, and spent once (claim-once).
 */
import { generateNumericCode, hashOneTimeCode, normalizeNumericCode, sameHash } from '../../crypto/one-time-code.ts';
import { MINUTE } from '../../clock.ts';
import { claimOnce } from '../../db/claim-once.ts';
import { collectionNamed } from '../../db/collection.ts';

export const RESET_CODE_LIFETIME_MS = 10 * MINUTE;
export const RESET_CODES_COLLECTION = 'reset_codes';

interface ResetCodeRecord {
  _id: string;
  hash: string;
  expiresAt: Date;
}

const purpose = (accountKey: string) => `reset:${accountKey}`;

/** A new code for the account, replacing the previous one. Returns the code to e-mail. */
export async function issueResetCode(accountKey: string, now: Date, pepper: Buffer): Promise<string> {
  const code = generateNumericCode(6);
  const record = { _id: accountKey, hash: hashOneTimeCode(code, pepper, purpose(accountKey)), expiresAt: new Date(now.getTime() + RESET_CODE_LIFETIME_MS) };
  await collectionNamed<ResetCodeRecord>(RESET_CODES_COLLECTION).replaceOne({ _id: accountKey }, record, { upsert: true });
  return code;
}

/** true once for the account's current, unexpired code; the code is spent by this call. */
export async function resetCodeMatches(accountKey: string, input: string, now: Date, pepper: Buffer): Promise<boolean> {
  const record = await collectionNamed<ResetCodeRecord>(RESET_CODES_COLLECTION).findOne({ _id: accountKey });
  if (!record || record.expiresAt.getTime() <= now.getTime()) return false;
  const code = normalizeNumericCode(input, 6);
  if (code === null || !sameHash(hashOneTimeCode(code, pepper, purpose(accountKey)), record.hash)) return false;
  return claimOnce(`reset-code:${accountKey}:${record.hash}`, now, record.expiresAt);
}
