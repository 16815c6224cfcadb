/**
 * Checks a code typed at an MFA prompt: a TOTP code from the user's app, or one of their
 * recovery codes. Each code works once: the TOTP time step and the recovery code are claimed
 * atomically (src/db/claim-once.ts), so two concurrent submissions cannot both pass. Failures
 * count against the method tried; after 5 in a row it locks for a growing time, and 100
 * consecutive failures lock it until an admin resets MFA (NIST SP 800-63B 5.2.2).
 */
import { isLocked, nextLockState } from './lockout.ts';
import { looksLikeRecoveryCode, matchRecoveryCode } from './recovery-codes/recovery-codes.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { TOTP_PERIOD_SECONDS, verifyTotp } from './totp/totp.ts';
import { claimOnce } from '../db/claim-once.ts';
import { Authenticator, type AuthenticatorRecord } from './authenticator.ts';
import { methodOf } from './authenticator-store.ts';
import { remainingRecoveryCodes } from './recovery-codes/remaining.ts';

export type SecondFactorResult =
  | { ok: true; method: 'totp' | 'recovery'; remainingRecoveryCodes: number }
  | { ok: false; reason: 'INVALID' | 'REPLAYED' | 'NO_METHOD' }
  /** A recovery code that is not one of the user's unused codes (unknown, or used already). */
  | { ok: false; reason: 'RECOVERY_INVALID' | 'RECOVERY_REPLAYED' }
  | { ok: false; reason: 'LOCKED'; retryAfterSeconds: number | null };

export function totpContext(userId: string): string {
  return `totp:${userId}`;
}

async function recordFailure(method: AuthenticatorRecord, now: Date): Promise<SecondFactorResult> {
  const consecutiveFailures = method.consecutiveFailures + 1;
  const lock = nextLockState({ consecutiveFailures, now });
  await Authenticator.updateOne({ _id: method._id }, {
    $set: { consecutiveFailures, permanentlyLocked: lock.permanentlyLocked, ...(lock.lockedUntil ? { lockedUntil: lock.lockedUntil } : {}) },
  });
  const status = isLocked(lock, now);
  return status.locked ? { ok: false, reason: 'LOCKED', retryAfterSeconds: status.retryAfterSeconds } : { ok: false, reason: 'INVALID' };
}

async function recordSuccess(method: AuthenticatorRecord, now: Date, extra: Record<string, unknown>): Promise<void> {
  await Authenticator.updateOne({ _id: method._id }, { $set: { consecutiveFailures: 0, lastUsedAt: now, ...extra }, $unset: { lockedUntil: 1 } });
}

/** A wrong recovery code is told as one: "check your authenticator app" would send the user to the wrong place. */
function asRecovery(result: SecondFactorResult): SecondFactorResult {
  return !result.ok && result.reason === 'INVALID' ? { ok: false, reason: 'RECOVERY_INVALID' } : result;
}

function lockedResult(method: AuthenticatorRecord, now: Date): SecondFactorResult | undefined {
  const status = isLocked({ lockedUntil: method.lockedUntil ?? null, permanentlyLocked: method.permanentlyLocked }, now);
  return status.locked ? { ok: false, reason: 'LOCKED', retryAfterSeconds: status.retryAfterSeconds } : undefined;
}

export async function verifySecondFactor(input: { userId: string; code: string; now: Date; secretBox: SecretBox }): Promise<SecondFactorResult> {
  const { userId, now } = input;
  const code = input.code.trim();
  const [totp, recovery] = await Promise.all([methodOf(userId, 'totp'), methodOf(userId, 'recovery')]);
  if (!totp) return { ok: false, reason: 'NO_METHOD' };

  if (looksLikeRecoveryCode(code)) {
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
    return { ok: true, method: 'recovery', remainingRecoveryCodes: remainingRecoveryCodes(recovery) - 1 };
  }

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
  return { ok: true, method: 'totp', remainingRecoveryCodes: remainingRecoveryCodes(recovery ?? undefined) };
}
