/** What a user has registered: the answer to "does this user have MFA?" lives here once. */
import { Authenticator, type AuthenticatorRecord } from '../models/authenticator.ts';

export async function methodsOf(userId: string): Promise<AuthenticatorRecord[]> {
  return Authenticator.find({ userId }).sort({ createdAt: 1 }).lean<AuthenticatorRecord[]>();
}

export async function hasMfaMethod(userId: string): Promise<boolean> {
  return Boolean(await Authenticator.exists({ userId, type: 'totp' }));
}

export function remainingRecoveryCodes(method: AuthenticatorRecord | undefined): number {
  return method?.codes?.filter((code) => !code.usedAt).length ?? 0;
}

export const LOW_RECOVERY_CODES = 3;
