/**
 * The app's registration flow (src/mfa/registration.ts): a new secret, sealed in the flow, and the
 * app registered only after it produced a valid code, with a new set of recovery codes. Two tabs
 * enrolling at once: only the first to finish replaces the user's app.
 */
import { claimOnce } from '../../db/claim-once.ts';
import { methodOf, putMethod } from '../authenticator-store.ts';
import { enrollmentClaimKey, NO_APP } from '../enrollment-claim.ts';
import { generateRecoveryCodes, hashRecoveryCode, formatRecoveryCode } from '../recovery-codes/recovery-codes.ts';
import { RegistrationFlow, type RegistrationFlowRecord, type RegistrationState } from '../registration-flow-record.ts';
import { createFlow, type RegistrationDeps } from '../registration.ts';
import { totpContext } from './context.ts';
import { generateTotpSecret, verifyTotp } from './totp.ts';

/** A new flow with a new secret; it replaces the app the user has now, if any (only one flow may). */
export async function startAppFlow(userId: string, boundTo: string, now: Date, deps: RegistrationDeps): Promise<RegistrationFlowRecord> {
  const existing = await methodOf(userId, 'totp');
  return createFlow({ userId, boundTo, method: 'totp', now }, {
    sealedSecret: deps.secretBox.seal(generateTotpSecret(), totpContext(userId)),
    replaces: existing?.instance ?? NO_APP,
  });
}

export function flowSecret(flow: RegistrationFlowRecord, deps: RegistrationDeps): string {
  if (!flow.sealedSecret) throw new Error('an app registration flow without its secret');
  return deps.secretBox.open(flow.sealedSecret, totpContext(flow.userId));
}

export type ConfirmTotpResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'INVALID' | 'SUPERSEDED' };

/** The app is registered only after it produced a valid code; recovery codes are issued with it, and the flow moves to `next`. */
export async function confirmTotp(flow: RegistrationFlowRecord, code: string, now: Date, deps: RegistrationDeps, next: RegistrationState): Promise<ConfirmTotpResult> {
  const secret = flowSecret(flow, deps);
  const check = verifyTotp({ secret, code, now });
  if (!check.ok) return { ok: false, reason: 'INVALID' };
  if (!await claimOnce(enrollmentClaimKey(flow.userId, flow.replaces ?? NO_APP), now, new Date(now.getTime() + 400 * 24 * 3600_000))) {
    await RegistrationFlow.deleteOne({ _id: flow._id });
    return { ok: false, reason: 'SUPERSEDED' };
  }
  const codes = generateRecoveryCodes(10).map(formatRecoveryCode);
  await putMethod({ userId: flow.userId, type: 'totp', createdAt: now, lastUsedAt: now, sealedSecret: flow.sealedSecret, lastUsedStep: check.step });
  await putMethod({ userId: flow.userId, type: 'recovery', createdAt: now, codes: codes.map((c) => ({ hash: hashRecoveryCode(c) })) });
  await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: next, sealedRecoveryCodes: deps.secretBox.seal(JSON.stringify(codes), `recovery:${flow._id}`) } });
  return { ok: true, recoveryCodes: codes };
}
