/**
 * How an admin command writes its audit event: once, after the change, with the command's actor
 * (src/audit/). The actions the console shares (src/admin/actions/) write their own event.
 */
import { recordAudit, type AuditEntry } from '../audit/record-audit.ts';
import type { UserRecord } from '../users/user.ts';
import type { CommandContext } from './command.ts';
import type { ActionBy } from './actions/actor.ts';

export function auditAction(ctx: CommandContext, entry: AuditEntry): Promise<void> {
  return recordAudit(ctx.auditActor, entry, ctx.clock.now());
}

/** The target and user of an action on one user. */
export function onUser(user: Pick<UserRecord, '_id' | 'username'>): Pick<AuditEntry, 'target' | 'user'> {
  return { target: { kind: 'user', id: user._id.toString() }, user: user.username };
}

/** The CLI as the performer of a shared action (src/admin/actions/). */
export function cliActionBy(ctx: CommandContext): ActionBy {
  return { riskActor: ctx.actor, audit: ctx.auditActor, at: ctx.clock.now() };
}
