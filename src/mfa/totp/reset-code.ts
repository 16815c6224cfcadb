/**
 * Checks a code from the user's authenticator app for a password reset. Unlike the sign-in's
 * check (verify-code.ts) a wrong code here is NOT counted against the method: whoever starts a
 * reset needs only a username, so counting would let a stranger lock the real user's app at
 * sign-in. Guessing here is bounded by the reset's own limits instead (five wrong codes per
 * flow, a daily cap per account: see README "Self-service password reset"). A right code is
 * spent exactly as at sign-in (the same claim keys), so one code never works twice across the two.
 */
import type { SecretBox } from '../../crypto/secret-box.ts';
import { claimOnce } from '../../db/claim-once.ts';
import { Authenticator } from '../authenticator.ts';
import { methodOf } from '../authenticator-store.ts';
import { totpContext } from './context.ts';
import { TOTP_PERIOD_SECONDS, verifyTotp } from './totp.ts';

export async function appCodeMatches(userId: string, input: string, now: Date, secretBox: SecretBox): Promise<boolean> {
  const totp = await methodOf(userId, 'totp');
  if (!totp?.sealedSecret) return false;
  const result = verifyTotp({ secret: secretBox.open(totp.sealedSecret, totpContext(userId)), code: input.trim(), now, lastUsedStep: totp.lastUsedStep });
  if (!result.ok) return false;
  if (!await claimOnce(`totp:${totp.instance}:${result.step}`, now, new Date(now.getTime() + 4 * TOTP_PERIOD_SECONDS * 1000))) return false;
  await Authenticator.updateOne({ _id: totp._id, instance: totp.instance }, { $set: { lastUsedAt: now }, $max: { lastUsedStep: result.step } });
  return true;
}
