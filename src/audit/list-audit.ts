/** Reading the trail, newest first, by time and optionally by user (both served by an index). */
import { AuditEvent, type AuditEventRecord } from './audit-event.ts';

export interface AuditQuery {
  since?: Date | undefined;
  user?: string | undefined;
  limit?: number | undefined;
}

export async function listAuditEvents(query: AuditQuery = {}): Promise<AuditEventRecord[]> {
  const filter: Record<string, unknown> = {};
  if (query.since) filter.at = { $gte: query.since };
  if (query.user) filter.user = query.user.toLowerCase();
  return AuditEvent.find(filter).sort({ at: -1 }).limit(query.limit ?? 1000).lean<AuditEventRecord[]>();
}
