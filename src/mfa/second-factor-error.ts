/** What a failed second-factor check tells the user, by why it failed. */
import type { TextId, TextParams } from '../text/catalogue.ts';
import type { SecondFactorResult } from './code-attempts.ts';

export interface SecondFactorError {
  id: TextId;
  params?: TextParams;
}

const BY_REASON: Record<string, TextId> = {
  INVALID: 'mfa.invalid',
  REPLAYED: 'mfa.replayed',
  RECOVERY_INVALID: 'mfa.recoveryInvalid',
  RECOVERY_REPLAYED: 'mfa.recoveryReplayed',
};

export function secondFactorError(result: SecondFactorResult & { ok: false }): SecondFactorError {
  if (result.reason === 'LOCKED') {
    return result.retryAfterSeconds === null ? { id: 'mfa.lockedPermanently' } : { id: 'mfa.locked', params: { seconds: result.retryAfterSeconds } };
  }
  return { id: BY_REASON[result.reason] ?? 'mfa.invalid' };
}
