/**
 * Changes a user makes to their own methods. Removing the authenticator app also removes its
 * recovery codes (they are its backup). A change never leaves a user without MFA while the
 * MFA registration policy requires it of them.
 */
import { formatRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from '../mfa/recovery-codes/recovery-codes.ts';
import { allMethodsOf, deleteMethods, putMethod } from '../mfa/authenticator-store.ts';
import type { AuthenticatorRecord } from '../mfa/authenticator.ts';
import type { UserRecord } from '../users/user.ts';
import { appliesTo } from '../policy/applies-to.ts';
import type { Policies } from '../policy/schema.ts';

export type RemoveResult = { ok: true; removed: AuthenticatorRecord } | { ok: false; reason: 'NOT_FOUND' | 'REQUIRED_BY_POLICY' };

export function mfaRequiredByPolicy(policies: Policies, user: UserRecord): boolean {
  return policies.mfaRegistration.state === 'enabled' && appliesTo(policies.mfaRegistration, user);
}

export async function removeMethod(user: UserRecord, methodId: string, policies: Policies): Promise<RemoveResult> {
  const userId = user._id.toString();
  const method = (await allMethodsOf(userId)).find((m) => m._id === methodId);
  if (!method) return { ok: false, reason: 'NOT_FOUND' };
  if (method.type === 'totp') {
    if (mfaRequiredByPolicy(policies, user)) return { ok: false, reason: 'REQUIRED_BY_POLICY' };
    await deleteMethods(userId, ['recovery']);
  }
  await deleteMethods(userId, [method.type]);
  return { ok: true, removed: method };
}

export async function regenerateRecoveryCodes(userId: string, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes(10).map(formatRecoveryCode);
  await putMethod({ userId, type: 'recovery', createdAt: now, codes: codes.map((c) => ({ hash: hashRecoveryCode(c) })) });
  return codes;
}
