/**
 * A cloned authenticator: a good signature whose counter did not go up (authentication.ts). It is
 * logged and recorded as a `clonedAuthenticator` detection on the sign-in it happened in, which
 * raises the sign-in's risk and counts towards the user's (src/risk/late-detection.ts).
 */
import type { Services } from '../../services.ts';
import type { PasskeyRecord } from './passkey.ts';

export interface ClonedAssertion {
  passkey: PasskeyRecord;
  counter: number;
}

export async function reportClone(services: Pick<Services, 'logger' | 'risk'>, clone: ClonedAssertion, signInId: string | undefined): Promise<void> {
  const { passkey, counter } = clone;
  services.logger.warn({ userId: passkey.userId, passkey: passkey._id, counter, stored: passkey.counter }, 'passkey counter did not increase: possible cloned authenticator');
  if (!signInId) return;
  await services.risk.recordLateDetection(signInId, {
    type: 'clonedAuthenticator', level: 'high',
    reason: `The signature counter of passkey "${passkey.name}" did not increase (${counter} after ${passkey.counter}): two copies of the key may exist.`,
  });
}
