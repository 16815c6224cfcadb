/**
 * What a finished sign-in step hands to the interaction policy. oidc-provider keeps the
 * interaction result only for the request that resumes the authorization, so the first check
 * that runs binds it to the session (by its uid, which survives session id rotation) for every
 * later request.
 */
import { retryOnDuplicateKey } from '../db/duplicate-key.ts';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { DAY } from '../clock.ts';
import { perRequest } from '../http/request-cache.ts';
import { SessionState, type SessionStateRecord } from './session-state.ts';
import type { RiskLevel } from '../risk/level.ts';

export type SignInStep =
  | { step: 'password'; signInId?: string; signInRisk: RiskLevel }
  | { step: 'mfa'; at: string }
  | { step: 'registration_skipped'; at: string }
  | { step: 'password_changed'; at: string };

export const SESSION_STATE_LIFETIME_MS = 30 * DAY;

const states = perRequest<SessionStateRecord | null>();

function stepOf(ctx: KoaContextWithOIDC): SignInStep | undefined {
  return (ctx.oidc.result as { vigil?: SignInStep } | undefined)?.vigil;
}

function updateFor(step: SignInStep, accountId: string, now: Date): Record<string, object> {
  const expiresAt = new Date(now.getTime() + SESSION_STATE_LIFETIME_MS);
  switch (step.step) {
    case 'password':
      // A new password sign-in starts over: earlier MFA and skips belonged to the earlier login.
      return {
        $set: { accountId, signInRisk: step.signInRisk, signInRiskRemediated: false, createdAt: now, expiresAt, ...(step.signInId ? { signInId: step.signInId } : {}) },
        $unset: { mfaAt: 1, registrationSkippedAt: 1, ...(step.signInId ? {} : { signInId: 1 }) },
      };
    case 'mfa':
      return { $set: { accountId, mfaAt: new Date(step.at), signInRiskRemediated: true, expiresAt }, $setOnInsert: { createdAt: now, signInRisk: 'none' } };
    case 'registration_skipped':
      return { $set: { accountId, registrationSkippedAt: new Date(step.at), expiresAt }, $setOnInsert: { createdAt: now, signInRisk: 'none', signInRiskRemediated: false } };
    case 'password_changed':
      return { $set: { accountId, expiresAt }, $setOnInsert: { createdAt: now, signInRisk: 'none', signInRiskRemediated: false } };
  }
}

async function load(ctx: KoaContextWithOIDC, clock: Clock): Promise<SessionStateRecord | null> {
  const session = ctx.oidc.session;
  const accountId = session?.accountId;
  if (!session || !accountId) return null;
  const step = stepOf(ctx);
  const now = clock.now();
  if (step) {
    return retryOnDuplicateKey(() => SessionState.findOneAndUpdate({ _id: session.uid }, updateFor(step, accountId, now), { upsert: true, returnDocument: 'after' })
      .lean<SessionStateRecord>().exec());
  }
  const state = await SessionState.findOne({ _id: session.uid }).lean<SessionStateRecord>();
  if (!state || state.accountId !== accountId || state.expiresAt.getTime() <= now.getTime()) return null;
  return state;
}

export function sessionState(ctx: KoaContextWithOIDC, clock: Clock): Promise<SessionStateRecord | null> {
  return states.get(ctx, () => load(ctx, clock));
}

/** For pages: the state of the session an interaction belongs to. */
export async function sessionStateByUid(uid: string | undefined): Promise<SessionStateRecord | null> {
  if (!uid) return null;
  return SessionState.findOne({ _id: uid }).lean<SessionStateRecord>();
}
