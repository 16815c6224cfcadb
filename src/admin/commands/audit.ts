/** `audit [--since 7d|DATE] [--user U]`: the audit trail, newest first (at most 1000 events). */
import type { AuditEventRecord } from '../../audit/audit-event.ts';
import { listAuditEvents } from '../../audit/list-audit.ts';
import { sinceFlag, stringFlag } from '../args.ts';
import type { CommandGroup } from '../command.ts';

function changes(event: AuditEventRecord): string {
  const keys = [...new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})])];
  const show = (value: unknown): string => (value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null));
  return keys.map((key) => (event.before && key in event.before ? `${key}: ${show(event.before[key])} -> ${show(event.after?.[key])}` : `${key}: ${show(event.after?.[key])}`)).join('; ');
}

export const auditCommands: CommandGroup = {
  '': {
    usage: 'audit [--since 7d|DATE] [--user U] [--json|--csv]',
    summary: 'the audit trail: admin actions, policy applies, security info changes (newest first)',
    values: ['since', 'user'],
    async run(ctx) {
      const since = sinceFlag(ctx.args, ctx.clock.now());
      const events = await listAuditEvents({ since, user: stringFlag(ctx.args, 'user') });
      const raw = events.map(({ _id, ...event }) => ({ id: _id.toString(), ...event }));
      ctx.out.table(events.map((event) => ({
        at: event.at, actor: event.actor, from: event.from, action: event.action,
        target: `${event.target.kind}:${event.target.id}`, user: event.user ?? '', changes: changes(event),
      })), ['at', 'actor', 'from', 'action', 'target', 'user', 'changes'], raw);
    },
  },
};
