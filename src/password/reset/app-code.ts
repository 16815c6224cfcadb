/**
 * Checks a code from the user's authenticator app, or one of their recovery codes, for a password
 * reset. Unlike the sign-in's check (src/mfa/verify-second-factor.ts) a wrong code here is NOT
 * counted against the method: whoever starts a reset needs only a username, so counting would
 * let a stranger lock the real user's app at sign-in. Guessing here is bounded by the reset's own
 * limits instead (five wrong codes per flow, a daily cap per account: see README "Self-service
 * password reset"). A right code is spent exactly as at sign-in (the same claim keys), so one
 * code never works twice across the two.
 */
import { matchRecoveryCode } from '../../mfa/recovery-codes/recovery-codes.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { TOTP_PERIOD_SECONDS, verifyTotp } from '../../mfa/totp/totp.ts';
import { claimOnce } from '../../db/claim-once.ts';
import { methodOf } from '../../mfa/authenticator-store.ts';
import { remainingRecoveryCodes } from '../../mfa/recovery-codes/remaining.ts';
import { totpContext } from '../../mfa/verify-second-factor.ts';
import { Authenticator } from '../../mfa/authenticator.ts';

export async function appCodeMatches(userId: string, input: string, now: Date, secretBox: SecretBox): Promise<boolean> {
  const totp = await methodOf(userId, 'totp');
  if (!totp?.sealedSecret) return false;
  const result = verifyTotp({ secret: secretBox.open(totp.sealedSecret, totpContext(userId)), code: input.trim(), now, lastUsedStep: totp.lastUsedStep });
  if (!result.ok) return false;
  if (!await claimOnce(`totp:${totp.instance}:${result.step}`, now, new Date(now.getTime() + 4 * TOTP_PERIOD_SECONDS * 1000))) return false;
  await Authenticator.updateOne({ _id: totp._id, instance: totp.instance }, { $set: { lastUsedAt: now }, $max: { lastUsedStep: result.step } });
  return true;
}

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
