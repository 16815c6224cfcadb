/**
 * A user's recent sign-ins and detections for their detail page, each read on a `userId` index
 * (one equality, newest first, a small limit) rather than the CLI reports' `$or` on username or
 * id, which FerretDB cannot serve from an index. Expired records are skipped on read.
 */
import { RiskDetection, type RiskDetectionRecord } from '../risk/models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from '../risk/models/sign-in-event.ts';
import { signInReport, type SignInReport } from '../admin/risk-reports.ts';

export type UserDetection = Pick<RiskDetectionRecord, 'type' | 'level' | 'state' | 'reason'> & { time: Date };

export async function recentSignInsOf(userId: string, now: Date, limit: number): Promise<SignInReport[]> {
  const events = await SignInEvent.collection.find<SignInEventRecord>({ userId }).sort({ userId: 1, at: -1 }).limit(limit).toArray();
  return events.filter((event) => event.expiresAt > now).map(signInReport);
}

export async function recentDetectionsOf(userId: string, now: Date, limit: number): Promise<UserDetection[]> {
  const records = await RiskDetection.collection.find<RiskDetectionRecord>({ userId }).sort({ at: -1 }).limit(limit).toArray();
  return records.filter((record) => record.expiresAt > now)
    .map(({ type, level, state, reason, at }) => ({ type, level, state, reason, time: at }));
}
