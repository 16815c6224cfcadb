/**
 * Reading the trail, newest first (`at`, then `_id`), by time and optionally by user, actor or
 * action — each an equality on an index that ends in `at, _id` — and, for the console's paging,
 * strictly after a keyset cursor (the last row shown), so a deep page costs what the first does.
 */
import { Types } from 'mongoose';
import { AuditEvent, type AuditAction, type AuditEventRecord } from './audit-event.ts';

export interface AuditCursor { at: Date; id: Types.ObjectId }

export interface AuditQuery {
  since?: Date | undefined;
  /** Exclusive. */
  until?: Date | undefined;
  user?: string | undefined;
  actor?: string | undefined;
  action?: AuditAction | undefined;
  after?: AuditCursor | undefined;
  limit?: number | undefined;
}

export async function listAuditEvents(query: AuditQuery = {}): Promise<AuditEventRecord[]> {
  const filter: Record<string, unknown> = {};
  const at: Record<string, Date> = {};
  if (query.since) at.$gte = query.since;
  if (query.until) at.$lt = query.until;
  if (query.after) at.$lte = query.after.at;
  if (Object.keys(at).length) filter.at = at;
  if (query.user) filter.user = query.user.toLowerCase();
  if (query.actor) filter.actor = query.actor;
  if (query.action) filter.action = query.action;
  if (query.after) filter.$or = [{ at: { $lt: query.after.at } }, { at: query.after.at, _id: { $lt: query.after.id } }];
  return AuditEvent.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit ?? 1000).lean<AuditEventRecord[]>();
}

/** The cursor after an event, as an opaque URL-safe string, and back (null for anything this did not write). */
export function auditCursorOf(event: Pick<AuditEventRecord, 'at' | '_id'>): string {
  return Buffer.from(`${event.at.getTime()}.${event._id.toString()}`).toString('base64url');
}

export function parseAuditCursor(value: string): AuditCursor | null {
  if (value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const match = /^(\d{1,15})\.([0-9a-f]{24})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  return match?.[1] && match[2] ? { at: new Date(Number(match[1])), id: new Types.ObjectId(match[2]) } : null;
}
