/**
 * Changes a user makes to their own methods. Removing the authenticator app also removes its
 * recovery codes (they are its backup). A change never leaves a user without MFA while the
 * MFA registration policy requires it of them.
 */
import { formatRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from '../auth/recovery-codes.ts';
import { Authenticator, type AuthenticatorRecord } from '../models/authenticator.ts';
import type { UserRecord } from '../models/user.ts';
import { appliesTo } from '../policy/applies-to.ts';
import type { Policies } from '../policy/schema.ts';

export type RemoveResult = { ok: true; removed: AuthenticatorRecord } | { ok: false; reason: 'NOT_FOUND' | 'REQUIRED_BY_POLICY' };

export function mfaRequiredByPolicy(policies: Policies, user: UserRecord): boolean {
  return policies.mfaRegistration.state === 'enabled' && appliesTo(policies.mfaRegistration, user);
}

export async function removeMethod(user: UserRecord, methodId: string, policies: Policies): Promise<RemoveResult> {
  const userId = user._id.toString();
  const methods = await Authenticator.find({ userId }).lean<AuthenticatorRecord[]>();
  const method = methods.find((m) => m._id.toString() === methodId);
  if (!method) return { ok: false, reason: 'NOT_FOUND' };
  if (method.type === 'totp') {
    const otherApps = methods.filter((m) => m.type === 'totp' && m._id.toString() !== methodId);
    if (otherApps.length === 0 && mfaRequiredByPolicy(policies, user)) return { ok: false, reason: 'REQUIRED_BY_POLICY' };
    await Authenticator.deleteMany({ userId, type: 'recovery' });
  }
  await Authenticator.deleteOne({ _id: method._id, userId });
  return { ok: true, removed: method };
}

export async function regenerateRecoveryCodes(userId: string, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes(10).map(formatRecoveryCode);
  const created = await Authenticator.create({ userId, type: 'recovery', createdAt: now, codes: codes.map((c) => ({ hash: hashRecoveryCode(c) })) });
  await Authenticator.deleteMany({ userId, type: 'recovery', _id: { $ne: created._id } });
  return codes;
}
