/**
 * A detection found after the password was recorded, at a later step of the same sign-in (a
 * cloned passkey at the MFA step): added to the sign-in event's detections, its risk raised to the
 * detection's level and marked at risk, and listed in the detections report, as a detection found
 * at the password would have been.
 */
import type { Finding } from './detection-types.ts';
import { highestLevel } from './level.ts';
import { RiskDetection } from './models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from './models/sign-in-event.ts';
import { detectionRecords } from './record.ts';

export async function recordLateDetection(eventId: string, finding: Finding, now: Date): Promise<boolean> {
  const event = await SignInEvent.collection.findOne<SignInEventRecord>({ _id: eventId as never });
  if (!event || event.expiresAt.getTime() <= now.getTime()) return false;
  await SignInEvent.collection.updateOne({ _id: eventId as never }, {
    $push: { detections: finding },
    $set: { riskLevel: highestLevel([event.riskLevel, finding.level]), riskState: 'atRisk' },
  } as never);
  const base = { at: now, username: event.username, signInEventId: eventId, ip: event.ip, state: 'atRisk' as const, expiresAt: event.expiresAt, ...(event.userId ? { userId: event.userId } : {}) };
  await RiskDetection.collection.insertMany(detectionRecords([finding], 'signIn', base) as never[]);
  return true;
}
