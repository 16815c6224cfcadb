/**
 * The reset flow's rules: start (identical outcome whether or not the account exists), verify a
 * code (e-mailed code or TOTP; each single use; 5 wrong codes end the flow), then set the new
 * password once. E-mailed codes: 6 random digits, valid 10 minutes, stored as a keyed hash;
 * requesting a new one replaces the old.
 */
import { randomBytes } from 'node:crypto';
import { generateNumericCode, hashOneTimeCode, normalizeNumericCode, sameHash } from '../auth/one-time-code.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { MINUTE } from '../clock.ts';
import { claimOnce } from '../db/claim-once.ts';
import { looksLikeRecoveryCode } from '../auth/recovery-codes.ts';
import { appCodeMatches, recoveryCodeMatches } from './app-code.ts';
import { ResetFlow, type ResetFlowRecord, type ResetMethod } from '../models/reset-flow.ts';

export const RESET_FLOW_LIFETIME_MS = 15 * MINUTE;
export const RESET_CODE_LIFETIME_MS = 10 * MINUTE;
export const RESET_MAX_FAILURES = 5;

/**
 * Every flow is written once with an e-mail code, whoever it is for: the caller mails it only to
 * a real user who needs one, and a flow without a user never checks it. So starting a reset
 * costs the same single write whether or not the account exists.
 */
export async function createResetFlow(interactionUid: string, accountKey: string, now: Date, pepper: Buffer, user?: { id: string; required: ResetMethod[] }): Promise<{ flow: ResetFlowRecord; code: string }> {
  const _id = randomBytes(18).toString('base64url');
  const code = generateNumericCode(6);
  const flow = await ResetFlow.create({
    _id,
    interactionUid,
    accountKey,
    ...(user ? { userId: user.id, required: user.required } : { required: ['email'] }),
    state: 'verify',
    verified: [],
    emailCodeHash: hashOneTimeCode(code, pepper, `reset:${_id}`),
    emailCodeExpiresAt: new Date(now.getTime() + RESET_CODE_LIFETIME_MS),
    failedAttempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_FLOW_LIFETIME_MS),
  });
  return { flow: flow.toObject(), code };
}

export async function liveResetFlow(interactionUid: string, now: Date): Promise<ResetFlowRecord | null> {
  const flow = await ResetFlow.findOne({ interactionUid }).sort({ createdAt: -1 }).lean<ResetFlowRecord>();
  if (!flow || flow.state === 'done' || flow.expiresAt.getTime() <= now.getTime() || flow.failedAttempts >= RESET_MAX_FAILURES) return null;
  return flow;
}

/** A new code replaces the previous one. Returns the code to e-mail. */
export async function issueResetCode(flow: ResetFlowRecord, now: Date, pepper: Buffer): Promise<string> {
  const code = generateNumericCode(6);
  await ResetFlow.updateOne({ _id: flow._id }, { $set: {
    emailCodeHash: hashOneTimeCode(code, pepper, `reset:${flow._id}`),
    emailCodeExpiresAt: new Date(now.getTime() + RESET_CODE_LIFETIME_MS),
  } });
  return code;
}

export type ResetVerifyResult =
  | { ok: true; method: ResetMethod; remaining: ResetMethod[] }
  | { ok: false; reason: 'INVALID' | 'TOO_MANY_ATTEMPTS' };

async function emailCodeMatches(flow: ResetFlowRecord, input: string, now: Date, pepper: Buffer): Promise<boolean> {
  if (!flow.emailCodeHash || !flow.emailCodeExpiresAt || flow.emailCodeExpiresAt.getTime() <= now.getTime()) return false;
  const code = normalizeNumericCode(input, 6);
  if (code === null || !sameHash(hashOneTimeCode(code, pepper, `reset:${flow._id}`), flow.emailCodeHash)) return false;
  return claimOnce(`reset-code:${flow._id}:${flow.emailCodeHash}`, now, new Date(now.getTime() + RESET_CODE_LIFETIME_MS));
}

export async function verifyResetCode(flow: ResetFlowRecord, input: string, now: Date, deps: { pepper: Buffer; secretBox: SecretBox }): Promise<ResetVerifyResult> {
  const pending = flow.required.filter((method) => !flow.verified.includes(method));
  let method: ResetMethod | undefined;
  if (flow.userId && pending.includes('email') && await emailCodeMatches(flow, input, now, deps.pepper)) method = 'email';
  // A wrong app code is not counted against the app (see app-code.ts): only against this flow.
  if (!method && flow.userId && pending.includes('totp')) {
    const matches = looksLikeRecoveryCode(input) ? await recoveryCodeMatches(flow.userId, input, now) : await appCodeMatches(flow.userId, input, now, deps.secretBox);
    if (matches) method = 'totp';
  }
  if (!method) {
    const failedAttempts = flow.failedAttempts + 1;
    await ResetFlow.updateOne({ _id: flow._id }, { $inc: { failedAttempts: 1 } });
    return { ok: false, reason: failedAttempts >= RESET_MAX_FAILURES ? 'TOO_MANY_ATTEMPTS' : 'INVALID' };
  }
  const verified = [...flow.verified, method];
  const remaining = flow.required.filter((m) => !verified.includes(m));
  await ResetFlow.updateOne({ _id: flow._id }, { $set: { verified, state: remaining.length ? 'verify' : 'password' } });
  return { ok: true, method, remaining };
}

/** The password may be set once per flow, whatever races. */
export async function completeResetFlow(flow: ResetFlowRecord, now: Date): Promise<boolean> {
  if (!await claimOnce(`reset-complete:${flow._id}`, now, flow.expiresAt)) return false;
  await ResetFlow.updateOne({ _id: flow._id }, { $set: { state: 'done' }, $unset: { emailCodeHash: 1 } });
  return true;
}
