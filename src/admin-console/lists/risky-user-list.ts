/**
 * The risky users list: risk profiles with something open (the `atRisk` flag), or in one risk
 * state, paged by user id from an opaque cursor on the `{ atRisk, _id }` / `{ userRiskState, _id }`
 * indexes. A user's level depends on the time (detections age out), so the level filter is
 * applied to each batch read, reading at most SCAN_LIMIT profiles per page.
 */
import type { Document } from 'mongodb';
import { riskyUserReport, type RiskyUserReport } from '../../admin/risk-reports.ts';
import { RiskProfile, type RiskProfileRecord } from '../../risk/models/risk-profile.ts';
import { findUserByUsername } from '../../users/lookup.ts';
import { encodeCursor, type ListCursor } from './cursor.ts';
import type { FilterChoices, ListFilter } from './filters.ts';
import type { KeysetPage } from './keyset-page.ts';

const SCAN_LIMIT = 5000;
const BATCH = 200;

export const riskyUserChoices: FilterChoices = { fields: ['user', 'level', 'state'], levels: ['low', 'medium', 'high'], types: [] };

type StoredProfile = Partial<RiskProfileRecord> & { _id: string };

async function baseQuery(filter: ListFilter): Promise<Document | null> {
  const query: Document = filter.state ? { userRiskState: filter.state } : { atRisk: true };
  if (filter.user) {
    // By `_id`, through the user's login index: profiles have no username index.
    const user = await findUserByUsername(filter.user);
    if (!user) return null;
    query._id = user._id.toString();
  }
  return query;
}

const matches = (report: RiskyUserReport, filter: ListFilter): boolean =>
  filter.level ? report.riskLevel === filter.level : filter.state !== undefined || report.riskLevel !== 'none';

async function* profilesAfter(query: Document, after: string | null, scanLimit: number): AsyncGenerator<StoredProfile> {
  let cursor = after;
  let scanned = 0;
  while (scanned < scanLimit) {
    const condition = cursor ? { $and: [query, { _id: { $gt: cursor } }] } : query;
    const batch = await RiskProfile.collection.find<StoredProfile>(condition).sort({ _id: 1 }).limit(Math.min(BATCH, scanLimit - scanned)).toArray();
    for (const profile of batch) yield profile;
    scanned += batch.length;
    if (batch.length < BATCH) return;
    cursor = batch.at(-1)?._id ?? null;
  }
}

export async function riskyUserPage(filter: ListFilter, after: ListCursor | null, size: number, now: Date): Promise<KeysetPage<RiskyUserReport>> {
  const query = await baseQuery(filter);
  if (!query) return { rows: [], next: null };
  const rows: RiskyUserReport[] = [];
  let lastSeen: string | null = null;
  let exhausted = true;
  for await (const profile of profilesAfter(query, after?.id ?? null, SCAN_LIMIT)) {
    if (rows.length === size) {
      exhausted = false;
      break;
    }
    lastSeen = profile._id;
    const report = riskyUserReport(profile, now);
    if (matches(report, filter)) rows.push(report);
  }
  // The scan limit stopped a sparse filter early: offer the rest from where it stopped.
  const stoppedEarly = exhausted && lastSeen !== null && await hasMore(query, lastSeen);
  const more = !exhausted || stoppedEarly;
  return { rows, next: more && lastSeen ? encodeCursor({ at: 0, id: lastSeen }) : null };
}

async function hasMore(query: Document, after: string): Promise<boolean> {
  return (await RiskProfile.collection.findOne({ $and: [query, { _id: { $gt: after } }] }, { projection: { _id: 1 } })) !== null;
}

/** Every matching user (for the CSV export), at most `limit`. */
export async function* allRiskyUsers(filter: ListFilter, now: Date, limit: number): AsyncGenerator<RiskyUserReport> {
  const query = await baseQuery(filter);
  if (!query) return;
  let left = limit;
  // One cursor (the database scans or walks its index once), read by the driver in batches.
  for await (const profile of RiskProfile.collection.find<StoredProfile>(query).sort({ _id: 1 }).batchSize(1000)) {
    const report = riskyUserReport(profile, now);
    if (!matches(report, filter)) continue;
    yield report;
    left -= 1;
    if (left === 0) return;
  }
}

export const riskyUserCsvHeader = ['userId', 'username', 'riskLevel', 'riskState', 'riskUpdatedAt', 'riskUpdatedBy', 'detections'] as const;

export const riskyUserCsvRow = (u: RiskyUserReport): ReadonlyArray<string | null> =>
  [u.userId, u.username, u.riskLevel, u.riskState, u.riskUpdatedAt, u.riskUpdatedBy, u.detections.map((d) => d.type).join(' ')];
