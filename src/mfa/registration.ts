/**
 * Combined registration as a persisted flow (src/mfa/registration-wizard.ts): a method's pages,
 * each registering before it counts (the app with a code from it: src/mfa/totp/registration-flow.ts,
 * then its recovery codes, shown once), then an e-mail address for password reset (verified with
 * an e-mailed code). Password reset only reads what this registered: the `email` authenticator and
 * the user's MFA methods.
 */
import { randomBytes } from 'node:crypto';
import { generateNumericCode, hashOneTimeCode, normalizeNumericCode, sameHash } from '../crypto/one-time-code.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { MINUTE } from '../clock.ts';
import { claimOnce } from '../db/claim-once.ts';
import { putMethod } from './authenticator-store.ts';
import type { MfaMethodId } from './method-names.ts';
import { RegistrationFlow, type RegistrationFlowRecord } from './registration-flow-record.ts';

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

/** A new flow for a method, in its page's state; `fields`: what the method keeps in it (the app's secret). */
export async function createFlow(start: { userId: string; boundTo: string; method: MfaMethodId; now: Date }, fields: Pick<RegistrationFlowRecord, 'sealedSecret' | 'replaces'> = {}): Promise<RegistrationFlowRecord> {
  const flow = await RegistrationFlow.create({
    _id: randomBytes(18).toString('base64url'),
    userId: start.userId,
    boundTo: start.boundTo,
    state: start.method,
    method: start.method,
    ...fields,
    createdAt: start.now,
    expiresAt: new Date(start.now.getTime() + FLOW_LIFETIME_MS),
  });
  return flow.toObject();
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
