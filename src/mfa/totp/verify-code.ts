/**
 * Checks a code from the user's authenticator app at an MFA prompt. Each time step works once:
 * it is claimed atomically (src/db/claim-once.ts), so two concurrent submissions cannot both pass.
 */
import type { SecretBox } from '../../crypto/secret-box.ts';
import { claimOnce } from '../../db/claim-once.ts';
import { Authenticator, type AuthenticatorRecord } from '../authenticator.ts';
import { lockedResult, recordFailure, recordSuccess, type SecondFactorResult } from '../code-attempts.ts';
import { methodOf } from '../authenticator-store.ts';
import type { CodeCheck } from '../method.ts';
import { totpContext } from './context.ts';
import { TOTP_PERIOD_SECONDS, verifyTotp } from './totp.ts';

export async function verifyTotpCode(input: { userId: string; totp: AuthenticatorRecord; code: string; now: Date; secretBox: SecretBox }): Promise<SecondFactorResult> {
  const { userId, totp, now, code } = input;
  const locked = lockedResult(totp, now);
  if (locked) return locked;
  const secret = input.secretBox.open(totp.sealedSecret ?? '', totpContext(userId));
  const result = verifyTotp({ secret, code, now, lastUsedStep: totp.lastUsedStep });
  if (!result.ok) return result.reason === 'REPLAYED' ? { ok: false, reason: 'REPLAYED' } : recordFailure(totp, now);
  const keepClaim = new Date(now.getTime() + 4 * TOTP_PERIOD_SECONDS * 1000);
  if (!await claimOnce(`totp:${totp.instance}:${result.step}`, now, keepClaim)) return { ok: false, reason: 'REPLAYED' };
  await recordSuccess(totp, now, { lastUsedStep: Math.max(result.step, totp.lastUsedStep ?? 0) });
  // A key rotation (ENCRYPTION_KEYS with a new first key) re-seals secrets as they are used, and
  // only onto the app they belong to: if the app was replaced meanwhile, the new one is kept.
  if (input.secretBox.needsReseal(totp.sealedSecret ?? '')) {
    await Authenticator.updateOne({ _id: totp._id, instance: totp.instance }, { $set: { sealedSecret: input.secretBox.seal(secret, totpContext(userId)) } });
  }
  return { ok: true };
}

/** The app's check at the MFA step: any code no other method claims. */
export const totpCodeCheck: CodeCheck = {
  async verify({ userId, code, now, secretBox }) {
    const totp = await methodOf(userId, 'totp');
    return totp ? verifyTotpCode({ userId, totp, code, now, secretBox }) : { ok: false, reason: 'NO_METHOD' };
  },
};
