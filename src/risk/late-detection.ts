/**
 * A detection found after the first factor was recorded, at a later step of the same sign-in (a
 * cloned passkey): added to the sign-in event's detections, its risk raised to the detection's
 * level and marked at risk, and listed in the detections report, as a detection found at the
 * password would have been.
 *
 * It also counts towards the user's risk (user-risk.ts accumulates risky sign-ins), under its own
 * reference: a late detection is about the user's authenticator, not only this attempt, so
 * finishing the same sign-in with another method (which remediates the attempt) does not clear
 * it. The user's risk closes as usual: a secure password change, or an admin.
 */
import { appendToStreams } from '../db/streams/append.ts';
import type { Finding } from './detection-types.ts';
import { atOrAbove, highestLevel, type DetectionLevel } from './level.ts';
import { RiskDetection } from './models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from './models/sign-in-event.ts';
import { readProfile, writeProfile } from './profile-store.ts';
import { detectionRecords, riskySignInUpdate } from './record.ts';
import { detectionStreamItems } from './streams/detection-streams.ts';
import { levelChangeItems } from './streams/sign-in-streams.ts';

export async function recordLateDetection(eventId: string, finding: Finding, now: Date): Promise<boolean> {
  const event = await SignInEvent.collection.findOne<SignInEventRecord>({ _id: eventId as never });
  if (!event || event.expiresAt.getTime() <= now.getTime()) return false;
  const riskLevel = highestLevel([event.riskLevel, finding.level]);
  await SignInEvent.collection.updateOne({ _id: eventId as never }, {
    $push: { detections: finding },
    $set: { riskLevel, riskState: 'atRisk' },
  } as never);
  const base = { at: now, username: event.username, signInEventId: eventId, ip: event.ip, state: 'atRisk' as const, expiresAt: event.expiresAt, ...(event.userId ? { userId: event.userId } : {}) };
  const records = detectionRecords([finding], 'signIn', base);
  await RiskDetection.collection.insertMany(records as never[]);
  // The sign-in joins its new level's and the finding type's streams (once per type), the detection its own.
  const newType = event.detections.some((known) => known.type === finding.type) ? [] : [finding.type];
  await appendToStreams([...levelChangeItems(event, event.riskLevel, riskLevel, newType), ...records.flatMap(detectionStreamItems)]);
  if (event.userId && atOrAbove(finding.level, 'medium')) {
    const ref = { eventId: lateRiskId(eventId, finding), level: finding.level as DetectionLevel, at: now };
    await writeProfile(event.userId, undefined, now, riskySignInUpdate(await readProfile(event.userId), ref));
  }
  return true;
}

/** The user-risk reference of a late detection: the sign-in's id and the detection's type. */
export function lateRiskId(eventId: string, finding: Pick<Finding, 'type'>): string {
  return `${eventId}:${finding.type}`;
}
