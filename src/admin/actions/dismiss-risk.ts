/** Dismissing a user's risk (a false positive), as `risk dismiss` and the console do it: one audit event. */
import { recordAudit } from '../../audit/record-audit.ts';
import type { RiskEngine } from '../../risk/engine.ts';
import type { UserRiskResult } from '../../risk/index.ts';
import type { UserRecord } from '../../users/user.ts';
import { onUser } from '../audit-action.ts';
import type { ActionBy } from './actor.ts';

export async function dismissUserRisk(
  engine: Pick<RiskEngine, 'dismissUserRisk'>,
  user: Pick<UserRecord, '_id' | 'username'>,
  by: ActionBy,
): Promise<UserRiskResult> {
  const result = await engine.dismissUserRisk(user._id.toString(), by.riskActor);
  await recordAudit(by.audit, { action: 'risk.dismiss', ...onUser(user), before: { riskLevel: result.previousLevel },
    after: { riskLevel: result.level, riskState: 'dismissed' } }, by.at);
  return result;
}
