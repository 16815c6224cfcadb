/**
 * Combined registration as a persisted flow: TOTP app (verified with a code before it counts),
 * recovery codes (shown once), then an e-mail address for password reset (verified with an
 * e-mailed code). Password reset only reads what this registered: the `email` authenticator and
 * the TOTP app. Two tabs enrolling at once: only the first to finish replaces the user's TOTP.
 */
import { randomBytes } from 'node:crypto';
import { generateNumericCode, hashOneTimeCode, normalizeNumericCode, sameHash } from '../crypto/one-time-code.ts';
import { generateRecoveryCodes, hashRecoveryCode, formatRecoveryCode } from './recovery-codes/recovery-codes.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { generateTotpSecret, verifyTotp } from './totp/totp.ts';
import { MINUTE } from '../clock.ts';
import { claimOnce } from '../db/claim-once.ts';
import { methodOf, putMethod } from './authenticator-store.ts';
import { enrollmentClaimKey, NO_APP } from './enrollment-claim.ts';
import { RegistrationFlow, type RegistrationFlowRecord } from './registration-flow-record.ts';
import { totpContext } from './totp/context.ts';

export const FLOW_LIFETIME_MS = 30 * MINUTE;
export const EMAIL_CODE_LIFETIME_MS = 10 * MINUTE;
export const EMAIL_CODE_MAX_ATTEMPTS = 5;

export interface RegistrationDeps {
  secretBox: SecretBox;
  codePepper: Buffer;
}

function isLive(flow: RegistrationFlowRecord | null, now: Date): flow is RegistrationFlowRecord {
  return flow !== null && flow.expiresAt.getTime() > now.getTime() && flow.state !== 'done';
}

export async function currentFlow(userId: string, boundTo: string, now: Date): Promise<RegistrationFlowRecord | null> {
  const flow = await RegistrationFlow.findOne({ userId, boundTo }).sort({ createdAt: -1 }).lean<RegistrationFlowRecord>();
  return isLive(flow, now) ? flow : null;
}

/**
 * Past the app step, a skip belongs to the wizard (the e-mail step is optional), never to the
 * registration prompt that started it: the app is registered, so registration is complete.
 */
export function pastAppStep(flow: RegistrationFlowRecord | null): boolean {
  return flow !== null && (flow.state === 'recovery' || flow.state === 'email' || flow.state === 'email_code');
}

export async function startRegistration(userId: string, boundTo: string, now: Date, deps: RegistrationDeps): Promise<RegistrationFlowRecord> {
  const existing = await methodOf(userId, 'totp');
  const flow = await RegistrationFlow.create({
    _id: randomBytes(18).toString('base64url'),
    userId,
    boundTo,
    state: 'totp',
    sealedSecret: deps.secretBox.seal(generateTotpSecret(), totpContext(userId)),
    replaces: existing?.instance ?? NO_APP,
    createdAt: now,
    expiresAt: new Date(now.getTime() + FLOW_LIFETIME_MS),
  });
  return flow.toObject();
}

export function flowSecret(flow: RegistrationFlowRecord, deps: RegistrationDeps): string {
  return deps.secretBox.open(flow.sealedSecret, totpContext(flow.userId));
}

export type ConfirmTotpResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'INVALID' | 'SUPERSEDED' };

/** The app is registered only after it produced a valid code; recovery codes are issued with it. */
export async function confirmTotp(flow: RegistrationFlowRecord, code: string, now: Date, deps: RegistrationDeps): Promise<ConfirmTotpResult> {
  const secret = flowSecret(flow, deps);
  const check = verifyTotp({ secret, code, now });
  if (!check.ok) return { ok: false, reason: 'INVALID' };
  if (!await claimOnce(enrollmentClaimKey(flow.userId, flow.replaces), now, new Date(now.getTime() + 400 * 24 * 3600_000))) {
    await RegistrationFlow.deleteOne({ _id: flow._id });
    return { ok: false, reason: 'SUPERSEDED' };
  }
  const codes = generateRecoveryCodes(10).map(formatRecoveryCode);
  await putMethod({ userId: flow.userId, type: 'totp', createdAt: now, lastUsedAt: now, sealedSecret: flow.sealedSecret, lastUsedStep: check.step });
  await putMethod({ userId: flow.userId, type: 'recovery', createdAt: now, codes: codes.map((c) => ({ hash: hashRecoveryCode(c) })) });
  await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: 'recovery', sealedRecoveryCodes: deps.secretBox.seal(JSON.stringify(codes), `recovery:${flow._id}`) } });
  return { ok: true, recoveryCodes: codes };
}

/** Shown once: after this the codes exist only as hashes. */
export function flowRecoveryCodes(flow: RegistrationFlowRecord, deps: RegistrationDeps): string[] {
  if (!flow.sealedRecoveryCodes) return [];
  return JSON.parse(deps.secretBox.open(flow.sealedRecoveryCodes, `recovery:${flow._id}`)) as string[];
}

export async function acknowledgeRecoveryCodes(flow: RegistrationFlowRecord): Promise<void> {
  await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: 'email' }, $unset: { sealedRecoveryCodes: 1 } });
}

export async function finishRegistration(flow: RegistrationFlowRecord): Promise<void> {
  await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: 'done' }, $unset: { sealedRecoveryCodes: 1, emailCodeHash: 1 } });
}

/** "Change address": back to the e-mail step; the code sent to the old address stops working. */
export async function changeEmailAddress(flow: RegistrationFlowRecord): Promise<RegistrationFlowRecord> {
  await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: 'email' }, $unset: { emailCodeHash: 1, emailCodeExpiresAt: 1 } });
  const { emailCodeHash: _hash, emailCodeExpiresAt: _expires, ...rest } = flow;
  return { ...rest, state: 'email' };
}

/** Sends (or re-sends, replacing the previous one) a code to the address to be verified. */
export async function issueEmailCode(flow: RegistrationFlowRecord, email: string, now: Date, deps: RegistrationDeps): Promise<string> {
  const code = generateNumericCode(6);
  await RegistrationFlow.updateOne({ _id: flow._id }, { $set: {
    state: 'email_code',
    email,
    emailCodeHash: hashOneTimeCode(code, deps.codePepper, `verify-email:${flow._id}`),
    emailCodeExpiresAt: new Date(now.getTime() + EMAIL_CODE_LIFETIME_MS),
    emailCodeAttempts: 0,
  } });
  return code;
}

export type EmailCodeResult = { ok: true; email: string } | { ok: false; reason: 'INVALID' | 'EXPIRED' | 'TOO_MANY_ATTEMPTS' };

export async function verifyEmailCode(flow: RegistrationFlowRecord, input: string, now: Date, deps: RegistrationDeps): Promise<EmailCodeResult> {
  if (!flow.emailCodeHash || !flow.email || !flow.emailCodeExpiresAt) return { ok: false, reason: 'EXPIRED' };
  if (flow.emailCodeExpiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'EXPIRED' };
  if (flow.emailCodeAttempts >= EMAIL_CODE_MAX_ATTEMPTS) return { ok: false, reason: 'TOO_MANY_ATTEMPTS' };
  const code = normalizeNumericCode(input, 6);
  const matches = code !== null && sameHash(hashOneTimeCode(code, deps.codePepper, `verify-email:${flow._id}`), flow.emailCodeHash);
  if (!matches) {
    await RegistrationFlow.updateOne({ _id: flow._id }, { $inc: { emailCodeAttempts: 1 } });
    return { ok: false, reason: flow.emailCodeAttempts + 1 >= EMAIL_CODE_MAX_ATTEMPTS ? 'TOO_MANY_ATTEMPTS' : 'INVALID' };
  }
  if (!await claimOnce(`email-code:${flow._id}:${flow.emailCodeHash}`, now, new Date(now.getTime() + EMAIL_CODE_LIFETIME_MS))) {
    return { ok: false, reason: 'EXPIRED' };
  }
  await putMethod({ userId: flow.userId, type: 'email', createdAt: now, address: flow.email });
  await finishRegistration(flow);
  return { ok: true, email: flow.email };
}
