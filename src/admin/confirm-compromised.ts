/**
 * Confirming a user compromised, as the CLI (`risk confirm-compromised`) and the admin console
 * both do it: user risk high, every session and refresh token ended (also their security-info and
 * admin console sessions: a stolen account must not keep a way in), one audit event.
 */
import { adminSessions } from '../admin-console/session.ts';
import { recordAudit, type AuditActor } from '../audit/record-audit.ts';
import { securityInfoSessions } from '../security-info/session.ts';
import type { UserRecord } from '../users/user.ts';
import { revokeAllForAccount } from '../oidc/adapter.ts';
import type { RiskEngine } from '../risk/engine.ts';
import type { UserRiskResult } from '../risk/index.ts';
import { onUser } from './audit-action.ts';

export async function confirmUserCompromised(
  engine: Pick<RiskEngine, 'confirmCompromised'>,
  user: Pick<UserRecord, '_id' | 'username'>,
  by: { riskActor: string; audit: AuditActor; at: Date },
): Promise<UserRiskResult & { revoked: number }> {
  const result = await engine.confirmCompromised(user._id.toString(), by.riskActor);
  const revoked = await revokeAllForAccount(user._id.toString());
  await securityInfoSessions.endAllOf(user._id.toString());
  await adminSessions.endAllOf(user._id.toString());
  await recordAudit(by.audit, { action: 'risk.confirm-compromised', ...onUser(user), before: { riskLevel: result.previousLevel },
    after: { riskLevel: result.level, riskState: 'confirmedCompromised', sessionsEnded: revoked } }, by.at);
  return { ...result, revoked };
}
