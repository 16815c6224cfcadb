/** New recovery codes for a user (security info's "Create new recovery codes"): the old set stops working. */
import { putMethod } from '../authenticator-store.ts';
import { formatRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from './recovery-codes.ts';

export async function regenerateRecoveryCodes(userId: string, now: Date): Promise<string[]> {
  const codes = generateRecoveryCodes(10).map(formatRecoveryCode);
  await putMethod({ userId, type: 'recovery', createdAt: now, codes: codes.map((c) => ({ hash: hashRecoveryCode(c) })) });
  return codes;
}
