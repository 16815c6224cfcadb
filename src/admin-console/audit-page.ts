/**
 * The console's audit trail page (README.md, "Audit trail"): filters by actor, action, user and
 * time (since inclusive, until exclusive, UTC) from the query string, each validated — a bad one
 * is a 400 with the form and the field's error — and keyset paging ("next page" after the last
 * row shown; no counts, no skips).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { AUDIT_ACTIONS } from '../audit/audit-event.ts';
import { auditCursorOf, listAuditEvents, parseAuditCursor, type AuditQuery } from '../audit/list-audit.ts';
import { text, type TextId } from '../text/catalogue.ts';
import type { ConsoleKit, SignedAdmin } from './actions/console-access.ts';

export const AUDIT_PAGE_SIZE = 50;
const FIELDS = ['actor', 'action', 'user', 'since', 'until', 'after'] as const;
type Field = (typeof FIELDS)[number];
type Values = Partial<Record<Field, string>>;

const NAME = /^[^\u0000-\u001f\u007f]{1,200}$/;
const DAY_OR_MINUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, UTC; null when it is not a real date. */
function parseTime(value: string): Date | null {
  const match = DAY_OR_MINUTE.exec(value);
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4] ?? '00'}:${match[5] ?? '00'}:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(8, 10) !== match[3] ? null : date;
}

type Parsed = { ok: true; query: AuditQuery; values: Values } | { ok: false; field: Field; message: TextId; values: Values };

export function parseAuditFilter(raw: Record<string, unknown>): Parsed {
  const values: Values = {};
  for (const field of FIELDS) {
    const value = raw[field];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') return { ok: false, field, message: 'admin.audit.error.repeated', values };
    values[field] = value;
  }
  const query: AuditQuery = { limit: AUDIT_PAGE_SIZE + 1 };
  const fail = (field: Field, message: TextId): Parsed => ({ ok: false, field, message, values });
  if (values.actor !== undefined) {
    if (!NAME.test(values.actor)) return fail('actor', 'admin.audit.error.name');
    query.actor = values.actor;
  }
  if (values.user !== undefined) {
    if (!NAME.test(values.user)) return fail('user', 'admin.audit.error.name');
    query.user = values.user;
  }
  if (values.action !== undefined) {
    const action = AUDIT_ACTIONS.find((known) => known === values.action);
    if (!action) return fail('action', 'admin.audit.error.action');
    query.action = action;
  }
  for (const field of ['since', 'until'] as const) {
    const value = values[field];
    if (value === undefined) continue;
    const time = parseTime(value);
    if (!time) return fail(field, 'admin.audit.error.time');
    query[field] = time;
  }
  if (query.since && query.until && query.since >= query.until) return fail('until', 'admin.audit.error.order');
  if (values.after !== undefined) {
    const after = parseAuditCursor(values.after);
    if (!after) return fail('after', 'admin.audit.error.after');
    query.after = after;
  }
  return { ok: true, query, values };
}

function queryString(values: Values, after?: string): string {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = field === 'after' ? after : values[field];
    if (value) params.set(field, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function mountAuditPage<A extends SignedAdmin>(router: Router, kit: ConsoleKit<A>): void {
  router.get('/audit', async (ctx: Context) => {
    const signed = await kit.admin(ctx);
    if (!signed) return;
    const parsed = parseAuditFilter(ctx.query);
    const common = { actions: AUDIT_ACTIONS, values: parsed.values, firstHref: `/admin/audit${queryString(parsed.values)}` };
    if (!parsed.ok) {
      kit.page(ctx, signed, 'audit', 'Audit trail', { ...common, events: [], error: text(parsed.message), errorField: parsed.field }, 400);
      return;
    }
    const rows = await listAuditEvents(parsed.query);
    const events = rows.slice(0, AUDIT_PAGE_SIZE);
    const last = events.at(-1);
    kit.page(ctx, signed, 'audit', 'Audit trail', {
      ...common, events, paged: Boolean(parsed.query.after),
      nextHref: rows.length > AUDIT_PAGE_SIZE && last ? `/admin/audit${queryString(parsed.values, auditCursorOf(last))}` : null,
    });
  });
}
