/**
 * Checks a code typed at an MFA prompt: one of the user's recovery codes when it looks like one
 * (src/mfa/recovery-codes/verify-code.ts), otherwise a TOTP code from their app
 * (src/mfa/totp/verify-code.ts). Each code works once; failures count against the method tried
 * (src/mfa/code-attempts.ts).
 */
import type { SecretBox } from '../crypto/secret-box.ts';
import { methodOf } from './authenticator-store.ts';
import type { SecondFactorResult } from './code-attempts.ts';
import { looksLikeRecoveryCode } from './recovery-codes/recovery-codes.ts';
import { verifyRecoveryCode } from './recovery-codes/verify-code.ts';
import { verifyTotpCode } from './totp/verify-code.ts';

export type { SecondFactorResult } from './code-attempts.ts';
export { totpContext } from './totp/context.ts';

export async function verifySecondFactor(input: { userId: string; code: string; now: Date; secretBox: SecretBox }): Promise<SecondFactorResult> {
  const { userId, now } = input;
  const code = input.code.trim();
  const [totp, recovery] = await Promise.all([methodOf(userId, 'totp'), methodOf(userId, 'recovery')]);
  if (!totp) return { ok: false, reason: 'NO_METHOD' };
  if (looksLikeRecoveryCode(code)) return verifyRecoveryCode({ totp, recovery, code, now });
  return verifyTotpCode({ userId, totp, recovery, code, now, secretBox: input.secretBox });
}
