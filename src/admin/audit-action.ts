/**
 * How an admin command writes its audit event: once, after the change, with the command's actor
 * (src/audit/). The console will record its actions through the same `recordAudit`.
 */
import { recordAudit, type AuditEntry } from '../audit/record-audit.ts';
import type { UserRecord } from '../users/user.ts';
import type { CommandContext } from './command.ts';

export function auditAction(ctx: CommandContext, entry: AuditEntry): Promise<void> {
  return recordAudit(ctx.auditActor, entry, ctx.clock.now());
}

/** The target and user of an action on one user. */
export function onUser(user: Pick<UserRecord, '_id' | 'username'>): Pick<AuditEntry, 'target' | 'user'> {
  return { target: { kind: 'user', id: user._id.toString() }, user: user.username };
}
