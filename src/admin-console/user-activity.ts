/**
 * A user's recent sign-ins and detections for their detail page, each the newest entries of
 * the user's id stream (src/risk/streams/): two or three `_id` reads for the positions, one for
 * the events, whatever the history's size. Expired records are skipped on read.
 */
import { newestFirst } from '../db/streams/newest-first.ts';
import { RiskDetection, type RiskDetectionRecord } from '../risk/models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from '../risk/models/sign-in-event.ts';
import { detectionUserIdStream } from '../risk/streams/detection-streams.ts';
import { signInUserIdStream } from '../risk/streams/sign-in-streams.ts';
import { signInReport, type SignInReport } from '../admin/risk-reports.ts';

export type UserDetection = Pick<RiskDetectionRecord, 'type' | 'level' | 'state' | 'reason'> & { time: Date };

/** The newest `limit` positions' records, newest first, those still live. */
async function newestOf<R extends { _id: string; expiresAt: Date }>(stream: string, limit: number, now: Date, load: (ids: string[]) => Promise<R[]>): Promise<R[]> {
  const { entries } = await newestFirst(stream, { limit });
  if (!entries.length) return [];
  const byId = new Map((await load([...new Set(entries.map((entry) => entry.ref))])).map((record) => [record._id, record]));
  const seen = new Set<string>();
  return entries.flatMap((entry) => {
    const record = byId.get(entry.ref);
    if (!record || seen.has(record._id) || record.expiresAt <= now) return [];
    seen.add(record._id);
    return [record];
  });
}

export async function recentSignInsOf(userId: string, now: Date, limit: number): Promise<SignInReport[]> {
  const events = await newestOf(signInUserIdStream(userId), limit, now, (ids) => SignInEvent.collection.find<SignInEventRecord>({ _id: { $in: ids as never[] } }).toArray());
  return events.map(signInReport);
}

export async function recentDetectionsOf(userId: string, now: Date, limit: number): Promise<UserDetection[]> {
  const records = await newestOf(detectionUserIdStream(userId), limit, now, (ids) => RiskDetection.collection.find<RiskDetectionRecord>({ _id: { $in: ids as never[] } }).toArray());
  return records.map(({ type, level, state, reason, at }) => ({ type, level, state, reason, time: at }));
}
