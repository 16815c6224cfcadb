/** Recovery codes left. "Does this user have MFA?" is the registry's question (method-registry.ts). */
import type { AuthenticatorRecord } from '../authenticator.ts';

export function remainingRecoveryCodes(method: AuthenticatorRecord | undefined): number {
  return method?.codes?.filter((code) => !code.usedAt).length ?? 0;
}

export const LOW_RECOVERY_CODES = 3;
