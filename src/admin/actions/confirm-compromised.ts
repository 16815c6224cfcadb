/**
 * Confirming a user compromised, as the CLI (`risk confirm-compromised`) and the admin console
 * both do it: user risk high, every session and refresh token ended (also their security-info and
 * admin console sessions: a stolen account must not keep a way in), one audit event.
 */
import { recordAudit } from '../../audit/record-audit.ts';
import type { UserRecord } from '../../users/user.ts';
import type { RiskEngine } from '../../risk/engine.ts';
import type { UserRiskResult } from '../../risk/index.ts';
import { onUser } from '../audit-action.ts';
import type { ActionBy } from './actor.ts';
import { endEverySession } from './end-sessions.ts';

export async function confirmUserCompromised(
  engine: Pick<RiskEngine, 'confirmCompromised'>,
  user: Pick<UserRecord, '_id' | 'username'>,
  by: ActionBy,
): Promise<UserRiskResult & { revoked: number }> {
  const result = await engine.confirmCompromised(user._id.toString(), by.riskActor, user.username);
  const revoked = await endEverySession(user._id.toString());
  await recordAudit(by.audit, { action: 'risk.confirm-compromised', ...onUser(user), before: { riskLevel: result.previousLevel },
    after: { riskLevel: result.level, riskState: 'confirmedCompromised', sessionsEnded: revoked } }, by.at);
  return { ...result, revoked };
}
