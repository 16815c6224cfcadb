/**
 * The facts a finished sign-in step hands to the interaction policy. oidc-provider keeps the
 * interaction result only for the request that resumes the authorization, so the first check to
 * run binds these facts to the session (by its uid) for every later request.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { DAY } from '../clock.ts';
import { SessionState, type SessionStateRecord } from '../models/session-state.ts';
import type { RiskLevel } from '../risk/level.ts';

export interface SignInFacts {
  signInId?: string;
  signInRisk: RiskLevel;
  /** Set when this step completed MFA (its time, ISO). */
  mfaAt?: string;
  /** Set when the user chose "skip" on the registration interrupt. */
  registrationSkipped?: boolean;
  /** The MFA step remediated this sign-in's risk. */
  signInRiskRemediated?: boolean;
}

export const SESSION_STATE_LIFETIME_MS = 30 * DAY;

const cache = new WeakMap<object, SessionStateRecord | null>();

function factsOf(ctx: KoaContextWithOIDC): SignInFacts | undefined {
  const result = ctx.oidc.result as { vigil?: SignInFacts } | undefined;
  return result?.vigil;
}

export async function sessionState(ctx: KoaContextWithOIDC, clock: Clock): Promise<SessionStateRecord | null> {
  if (cache.has(ctx)) return cache.get(ctx) ?? null;
  const session = ctx.oidc.session;
  const accountId = session?.accountId;
  if (!session || !accountId) {
    cache.set(ctx, null);
    return null;
  }
  const facts = factsOf(ctx);
  const result = ctx.oidc.result as { login?: unknown } | undefined;
  let state: SessionStateRecord | null;
  if (facts) {
    const now = clock.now();
    const set: Partial<SessionStateRecord> = { accountId, expiresAt: new Date(now.getTime() + SESSION_STATE_LIFETIME_MS) };
    if (result?.login) {
      // A fresh password sign-in starts a new record: old MFA and skips belong to the old login.
      Object.assign(set, { signInId: facts.signInId, signInRisk: facts.signInRisk, signInRiskRemediated: false, createdAt: now });
    }
    if (facts.mfaAt) set.mfaAt = new Date(facts.mfaAt);
    if (facts.signInRiskRemediated) set.signInRiskRemediated = true;
    if (facts.registrationSkipped) set.registrationSkippedAt = now;
    const unset: Record<string, 1> = {};
    if (result?.login && !facts.mfaAt) unset.mfaAt = 1;
    if (result?.login && !facts.registrationSkipped) unset.registrationSkippedAt = 1;
    const update: Record<string, object> = { $set: set };
    if (Object.keys(unset).length) update.$unset = unset;
    if (!result?.login) update.$setOnInsert = { createdAt: now, signInRisk: 'none', signInRiskRemediated: false };
    state = await SessionState.findOneAndUpdate({ _id: session.uid }, update, { upsert: true, returnDocument: 'after' })
      .lean<SessionStateRecord>();
  } else {
    state = await SessionState.findOne({ _id: session.uid }).lean<SessionStateRecord>();
    if (state && (state.accountId !== accountId || state.expiresAt.getTime() <= clock.now().getTime())) state = null;
  }
  cache.set(ctx, state);
  return state;
}
