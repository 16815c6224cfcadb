/**
 * An admin's verdict on one recorded sign-in, as `risk confirm-safe` / `risk
 * confirm-sign-in-compromised` and the console give it. Safe: it no longer counts towards the
 * user's risk. Compromised: it was not the user, so their risk becomes high and every session and
 * refresh token they have ends. Either writes one audit event; an unknown or expired sign-in
 * changes nothing.
 */
import { recordAudit } from '../../audit/record-audit.ts';
import type { RiskEngine } from '../../risk/engine.ts';
import type { SignInRemediationResult } from '../../risk/index.ts';
import { SignInEvent, type SignInEventRecord } from '../../risk/models/sign-in-event.ts';
import type { ActionBy } from './actor.ts';
import { endEverySession } from './end-sessions.ts';

/** Sign-in ids are 24 hexadecimal characters; anything else cannot name one. */
export const isSignInId = (id: unknown): id is string => typeof id === 'string' && /^[a-f0-9]{24}$/.test(id);

export type SignInVerdictResult = SignInRemediationResult & { revoked?: number };

async function eventBefore(id: string): Promise<SignInEventRecord | null> {
  return isSignInId(id) ? SignInEvent.collection.findOne<SignInEventRecord>({ _id: id as never }) : null;
}

export async function confirmSignInSafe(engine: Pick<RiskEngine, 'confirmSignInSafe'>, id: string, by: ActionBy): Promise<SignInVerdictResult> {
  const event = await eventBefore(id);
  if (!event) return { status: 'NOT_FOUND' };
  const result = await engine.confirmSignInSafe(id, by.riskActor);
  if (result.status !== 'OK') return result;
  await recordAudit(by.audit, { action: 'risk.confirm-safe', target: { kind: 'signIn', id }, user: event.username,
    before: { riskState: event.riskState }, after: { riskState: result.riskState } }, by.at);
  return result;
}

export async function confirmSignInCompromised(engine: Pick<RiskEngine, 'confirmSignInCompromised'>, id: string, by: ActionBy): Promise<SignInVerdictResult> {
  const event = await eventBefore(id);
  if (!event) return { status: 'NOT_FOUND' };
  const result = await engine.confirmSignInCompromised(id, by.riskActor);
  if (result.status !== 'OK') return result;
  const revoked = event.userId ? await endEverySession(event.userId) : 0;
  await recordAudit(by.audit, { action: 'risk.confirm-sign-in-compromised', target: { kind: 'signIn', id }, user: event.username,
    before: { riskState: event.riskState }, after: { riskState: result.riskState, userRiskLevel: event.userId ? 'high' : null, sessionsEnded: revoked } }, by.at);
  return { ...result, revoked };
}
