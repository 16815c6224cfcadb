/**
 * The reset flow's rules: start (one read and one write, identical whether or not the account
 * exists; a new start supersedes the sign-in's earlier reset), choose a way to verify, verify it
 * (each code single use; 5 wrong codes end the flow), then set the new password once. A flow
 * checks a code only against the way the user chose, so one guess is one guess at one code; a
 * recovery code or a passkey counts as the authenticator app (the account's MFA).
 */
import { randomBytes } from 'node:crypto';
import { MINUTE } from '../../clock.ts';
import { claimOnce } from '../../db/claim-once.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { ResetFlow, type ResetChoice, type ResetFlowRecord, type ResetMethod } from './reset-flow-record.ts';
import { NO_USER_ID } from '../../db/no-user.ts';
import { METHODS } from '../../mfa/method-registry.ts';
import type { ResetCheckResult } from '../../mfa/method.ts';
import { resetCodeMatches } from './reset-code.ts';
import { resetBinding } from './reset-passkey.ts';
import type { RelyingParty } from '../../mfa/passkeys/relying-party.ts';

export const RESET_FLOW_LIFETIME_MS = 15 * MINUTE;
export const RESET_MAX_FAILURES = 5;

export const methodOfChoice = (choice: ResetChoice): ResetMethod => (choice === 'email' ? 'email' : 'totp');

/**
 * A sign-in's newest reset: the highest sequence number. Not the newest `createdAt`: two starts
 * in one millisecond (or on instances whose clocks differ) would tie or invert, and a reset
 * already used up could be picked. Concurrent starts can share a number; `_id` then decides,
 * the same way every time, between two resets that are both fresh.
 */
async function newestResetFlow(interactionUid: string): Promise<ResetFlowRecord | null> {
  return ResetFlow.findOne({ interactionUid }).sort({ seq: -1, createdAt: -1, _id: -1 }).lean<ResetFlowRecord>();
}

/** A new reset for this sign-in, superseding every earlier one (the same read and write for any name). */
export async function createResetFlow(interactionUid: string, accountKey: string, now: Date, user?: { id: string; required: ResetMethod[] }): Promise<ResetFlowRecord> {
  const previous = await newestResetFlow(interactionUid);
  const flow = await ResetFlow.create({
    _id: randomBytes(18).toString('base64url'),
    interactionUid,
    seq: (previous?.seq ?? 0) + 1,
    accountKey,
    ...(user ? { userId: user.id, required: user.required } : { required: [] }),
    state: 'choose',
    verified: [],
    failedAttempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_FLOW_LIFETIME_MS),
  });
  return flow.toObject();
}

export async function liveResetFlow(interactionUid: string, now: Date): Promise<ResetFlowRecord | null> {
  const flow = await newestResetFlow(interactionUid);
  if (!flow || flow.state === 'done' || flow.expiresAt.getTime() <= now.getTime() || flow.failedAttempts >= RESET_MAX_FAILURES) return null;
  return flow;
}

export function pendingMethods(flow: ResetFlowRecord): ResetMethod[] {
  return flow.required.filter((method) => !flow.verified.includes(method));
}

/** The same write for every flow, whether or not the choice can work for its account. */
export async function chooseMethod(flow: ResetFlowRecord, chosen: ResetChoice): Promise<ResetFlowRecord> {
  await ResetFlow.updateOne({ _id: flow._id }, { $set: { chosen, state: 'verify' } });
  return { ...flow, chosen, state: 'verify' };
}

export type ResetVerifyResult =
  | { ok: true; method: ResetMethod; remaining: ResetMethod[]; recoveryCodesLeft?: number }
  | { ok: false; reason: 'INVALID' | 'TOO_MANY_ATTEMPTS' };

export interface ResetVerifyDeps { pepper: Buffer; secretBox: SecretBox; rp: RelyingParty }

/** The chosen way's check: the e-mailed code, or the registry method's own reset check. */
async function codeMatches(flow: ResetFlowRecord, chosen: ResetChoice, userId: string, input: string, now: Date, deps: ResetVerifyDeps): Promise<ResetCheckResult> {
  if (chosen === 'email') return await resetCodeMatches(flow.accountKey, input, now, deps.pepper) ? {} : null;
  // A choice no method answers to any more (a flow stored before a method was removed) matches nothing.
  const method = METHODS.find((candidate) => candidate.id === chosen);
  return method ? method.resetCheck({ userId, input, now, boundTo: resetBinding(flow), secretBox: deps.secretBox, rp: deps.rp }) : null;
}

export async function verifyResetCode(flow: ResetFlowRecord, input: string, now: Date, deps: ResetVerifyDeps): Promise<ResetVerifyResult> {
  const method = flow.chosen ? methodOfChoice(flow.chosen) : undefined;
  const usable = Boolean(flow.userId && method && pendingMethods(flow).includes(method));
  // The chosen way's check runs (the same reads) whether or not it can count for this flow, so
  // the time a wrong code takes does not tell a real account from a name nobody has.
  const match = flow.chosen ? await codeMatches(flow, flow.chosen, flow.userId ?? NO_USER_ID, input, now, deps) : null;
  if (!match || !usable || !method) {
    const failedAttempts = flow.failedAttempts + 1;
    await ResetFlow.updateOne({ _id: flow._id }, { $inc: { failedAttempts: 1 } });
    return { ok: false, reason: failedAttempts >= RESET_MAX_FAILURES ? 'TOO_MANY_ATTEMPTS' : 'INVALID' };
  }
  const verified = [...flow.verified, method];
  const remaining = flow.required.filter((m) => !verified.includes(m));
  await ResetFlow.updateOne({ _id: flow._id }, { $set: { verified, state: remaining.length ? 'verify' : 'password' } });
  return { ok: true, method, remaining, ...match };
}

/** The password may be set once per flow, whatever races. */
export async function completeResetFlow(flow: ResetFlowRecord, now: Date): Promise<boolean> {
  if (!await claimOnce(`reset-complete:${flow._id}`, now, flow.expiresAt)) return false;
  await ResetFlow.updateOne({ _id: flow._id }, { $set: { state: 'done' } });
  return true;
}
