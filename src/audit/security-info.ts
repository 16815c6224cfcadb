/** A change a signed-in user makes to their own security info (security info page, registration wizard), for the audit trail. */
import type { Context } from 'koa';
import type { AuditAction } from './audit-event.ts';
import { recordAudit, selfActor } from './record-audit.ts';
import { clientIpOf } from '../http/client-ip.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';

export function auditSecurityInfo(services: Pick<Services, 'clock'>, ctx: Context, user: UserRecord, change: { action: AuditAction; before?: Record<string, unknown>; after?: Record<string, unknown> }): Promise<void> {
  return recordAudit(selfActor(user, clientIpOf(ctx)), { ...change, target: { kind: 'user', id: user._id.toString() }, user: user.username }, services.clock.now());
}
