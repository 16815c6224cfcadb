/**
 * Checks a recovery code at an MFA prompt. Each code works once: it is claimed atomically
 * (src/db/claim-once.ts). Without a recovery set the failure counts against the app they back up.
 */
import { claimOnce } from '../../db/claim-once.ts';
import type { AuthenticatorRecord } from '../authenticator.ts';
import { lockedResult, recordFailure, recordSuccess, type SecondFactorResult } from '../code-attempts.ts';
import { methodOf } from '../authenticator-store.ts';
import type { CodeCheck } from '../method.ts';
import { looksLikeRecoveryCode, matchRecoveryCode } from './recovery-codes.ts';
import { remainingRecoveryCodes } from './remaining.ts';

/** A wrong recovery code is told as one: "check your authenticator app" would send the user to the wrong place. */
function asRecovery(result: SecondFactorResult): SecondFactorResult {
  return !result.ok && result.reason === 'INVALID' ? { ok: false, reason: 'RECOVERY_INVALID' } : result;
}

export async function verifyRecoveryCode(input: { totp: AuthenticatorRecord; recovery: AuthenticatorRecord | null; code: string; now: Date }): Promise<SecondFactorResult> {
  const { totp, recovery, code, now } = input;
  if (!recovery) return asRecovery(await recordFailure(totp, now));
  const locked = lockedResult(recovery, now);
  if (locked) return locked;
  const unused = (recovery.codes ?? []).map((entry) => (entry.usedAt ? '' : entry.hash));
  const match = matchRecoveryCode(code, unused);
  if (!match.ok) return asRecovery(await recordFailure(recovery, now));
  const hash = unused[match.index] ?? '';
  if (!await claimOnce(`recovery:${recovery.instance}:${hash}`, now, new Date(now.getTime() + 400 * 24 * 3600_000))) {
    return { ok: false, reason: 'RECOVERY_REPLAYED' };
  }
  await recordSuccess(recovery, now, { [`codes.${match.index}.usedAt`]: now });
  return { ok: true, recoveryCodesLeft: remainingRecoveryCodes(recovery) - 1 };
}

/** Recovery codes' check at the MFA step: what looks like one; they back up the app, so without it there is none. */
export const recoveryCodeCheck: CodeCheck = {
  claims: looksLikeRecoveryCode,
  async verify({ userId, code, now }) {
    const [totp, recovery] = await Promise.all([methodOf(userId, 'totp'), methodOf(userId, 'recovery')]);
    return totp ? verifyRecoveryCode({ totp, recovery, code, now }) : { ok: false, reason: 'NO_METHOD' };
  },
};
