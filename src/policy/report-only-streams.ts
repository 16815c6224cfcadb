/**
 * The report-only decisions as streams (src/db/streams/), one per policy and what it would have
 * done, so the admin console's overview counts "would have required mfa at N sign-ins" between
 * two times with `_id` reads only (README.md, "Admin console"). Which kinds exist is kept in
 * `report_only_kinds` (one small document per kind, claimed by insert), so the overview asks
 * only the streams that were ever written.
 */
import { collectionNamed, connectedDb } from '../db/collection.ts';
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import type { StreamItem } from '../db/streams/stream-entry.ts';
import type { ReportOnlyEventRecord } from './report-only-event.ts';

export const REPORT_ONLY_KINDS_COLLECTION = 'report_only_kinds';

export interface ReportOnlyKind { policy: string; wouldHave: string }

interface KindRecord extends ReportOnlyKind { _id: string }

const kindId = (kind: ReportOnlyKind): string => `${kind.policy}:${kind.wouldHave}`;

export function reportOnlyStream(policy: string, wouldHave: string): string {
  return `report-only:${policy}:${wouldHave}`;
}

/** The stream entry of a stored decision. */
export function reportOnlyStreamItem(event: Pick<ReportOnlyEventRecord, '_id' | 'policy' | 'wouldHave' | 'at' | 'expiresAt'>): StreamItem {
  return { stream: reportOnlyStream(event.policy, event.wouldHave), ref: event._id.toString(), at: event.at, expiresAt: event.expiresAt };
}

/** Kinds this process has noted, per database: each is claimed once per process, not per decision. */
const known = new Set<string>();

/** Notes that decisions of this kind exist (idempotent; another instance may have noted it first). */
export async function noteReportOnlyKind(kind: ReportOnlyKind): Promise<void> {
  const id = kindId(kind);
  const noted = `${connectedDb().databaseName}/${id}`;
  if (known.has(noted)) return;
  try {
    await collectionNamed<KindRecord>(REPORT_ONLY_KINDS_COLLECTION).insertOne({ _id: id, policy: kind.policy, wouldHave: kind.wouldHave });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  known.add(noted);
}

/** Every kind ever recorded: a handful of documents (policies × what each would have done). */
export async function reportOnlyKinds(): Promise<ReportOnlyKind[]> {
  const kinds = await collectionNamed<KindRecord>(REPORT_ONLY_KINDS_COLLECTION).find({}).toArray();
  return kinds.map(({ policy, wouldHave }) => ({ policy, wouldHave }));
}
