/** What a user has registered: the answer to "does this user have MFA?" lives here once. */
import type { AuthenticatorRecord } from '../models/authenticator.ts';
import { methodOf } from './authenticator-store.ts';

export async function hasMfaMethod(userId: string): Promise<boolean> {
  return (await methodOf(userId, 'totp')) !== null;
}

export function remainingRecoveryCodes(method: AuthenticatorRecord | undefined): number {
  return method?.codes?.filter((code) => !code.usedAt).length ?? 0;
}

export const LOW_RECOVERY_CODES = 3;
