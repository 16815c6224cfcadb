/**
 * Checks a recovery code for a password reset: not counted against the method when wrong (as the
 * app's code, src/mfa/totp/reset-code.ts), spent with the sign-in's claim key when right.
 */
import { claimOnce } from '../../db/claim-once.ts';
import { Authenticator } from '../authenticator.ts';
import { methodOf } from '../authenticator-store.ts';
import { matchRecoveryCode } from './recovery-codes.ts';
import { remainingRecoveryCodes } from './remaining.ts';

/** The number of recovery codes left after this one, or null when it does not match. */
export async function recoveryCodeMatches(userId: string, input: string, now: Date): Promise<number | null> {
  const recovery = await methodOf(userId, 'recovery');
  if (!recovery) return null;
  const unused = (recovery.codes ?? []).map((entry) => (entry.usedAt ? '' : entry.hash));
  const match = matchRecoveryCode(input.trim(), unused);
  if (!match.ok) return null;
  if (!await claimOnce(`recovery:${recovery.instance}:${unused[match.index] ?? ''}`, now, new Date(now.getTime() + 400 * 24 * 3600_000))) return null;
  await Authenticator.updateOne({ _id: recovery._id, instance: recovery.instance }, { $set: { lastUsedAt: now, [`codes.${match.index}.usedAt`]: now } });
  return remainingRecoveryCodes(recovery) - 1;
}
