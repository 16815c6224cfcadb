/**
 * Storing a sign-in attempt after the server decided what to do with it: the event (with its
 * outcome, risk and policy decisions), the detections report, the windowed counters and the
 * user's profile (learning, failures, open user detections, unremediated risky sign-ins), and
 * the event's and detections' places in the admin console's streams (src/risk/streams/).
 * Every write is a single-document atomic insert or update; independent ones run in parallel.
 */
import { DAY } from '../clock.ts';
import { appendToStreams } from '../db/streams/append.ts';
import { RiskDetection, type RiskDetectionRecord } from './models/risk-detection.ts';
import type { RiskProfileRecord, RiskySignInRef } from './models/risk-profile.ts';
import { SignInEvent, type PolicyDecisionRecord, type SignInEventRecord, type SignInOutcome } from './models/sign-in-event.ts';
import type { RiskAssessment } from './attempt.ts';
import { countAttempt } from './counters.ts';
import type { Finding } from './detection-types.ts';
import { atOrAbove, type DetectionLevel } from './level.ts';
import { learnUpdate, PROFILE_LIST_CAP } from './profile.ts';
import { NO_USER_ID } from '../db/no-user.ts';
import { writeProfile, type ProfileUpdate } from './profile-store.ts';
import type { RiskState } from './state.ts';
import { detectionStreamItems } from './streams/detection-streams.ts';
import { signInStreamItems } from './streams/sign-in-streams.ts';
import { recentRiskySignIns } from './user-risk.ts';
import { bucketKey, hourOf, staleKeys } from './windows.ts';
import type { SignInMetrics } from '../metrics/metrics.ts';

export const DEFAULT_EVENT_RETENTION_MS = 90 * DAY;

export interface RecordOptions {
  outcome: SignInOutcome;
  /** What each policy decided, e.g. `{ policy: 'signInRisk', decision: 'enforce' }`. */
  decisions?: PolicyDecisionRecord[] | undefined;
  /** What the attempt proved first (default `password`; `passkey` for a passwordless sign-in). */
  firstStep?: 'password' | 'passkey' | undefined;
  retentionMs?: number | undefined;
}

export interface RecordedSignIn {
  eventId: string;
  riskState: RiskState;
}

/** Outcomes after which the sign-in is trusted without further proof (when its risk allows). */
function trustedWithoutMfa(outcome: SignInOutcome): boolean {
  return outcome === 'success';
}

export function detectionRecords(findings: Finding[], scope: 'signIn' | 'user', base: Omit<RiskDetectionRecord, '_id' | 'scope' | 'type' | 'level' | 'reason'>): RiskDetectionRecord[] {
  return findings.map((finding) => ({ ...base, _id: `${base.signInEventId ?? 'user'}:${finding.type}:${base.at.getTime()}`, scope, type: finding.type, level: finding.level, reason: finding.reason }));
}

export async function recordSignIn(assessment: RiskAssessment, options: RecordOptions, metrics?: SignInMetrics): Promise<RecordedSignIn> {
  const now = assessment.at;
  const basis = assessment.basis;
  const expiresAt = new Date(now.getTime() + (options.retentionMs ?? DEFAULT_EVENT_RETENTION_MS));
  const riskState: RiskState = assessment.signInRisk === 'none' ? 'none' : 'atRisk';
  const location = assessment.location;

  const event: SignInEventRecord = {
    _id: assessment.eventId,
    at: now,
    username: basis.username,
    ip: basis.ip,
    network: assessment.network,
    browser: basis.browser,
    passwordOk: basis.passwordOk,
    outcome: options.outcome,
    riskLevel: assessment.signInRisk,
    detections: assessment.detections,
    userRiskLevel: assessment.userRisk,
    userDetections: assessment.userDetections,
    riskState,
    decisions: options.decisions ?? [],
    steps: [{ step: options.firstStep ?? 'password', outcome: basis.passwordOk ? 'success' : 'failure', at: now }],
    expiresAt,
  };
  const optional: Partial<SignInEventRecord> = {
    userId: basis.userId, clientId: basis.clientId, deviceId: basis.deviceId, userAgent: basis.userAgent?.slice(0, 512),
    asn: location?.asn, asOrg: location?.asOrg, country: location?.country, region: location?.region, city: location?.city,
    latitude: location?.latitude, longitude: location?.longitude, anonymousIp: basis.anonymousList ?? undefined,
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (event as unknown as Record<string, unknown>)[key] = value;

  const reportBase = { at: now, username: basis.username, signInEventId: assessment.eventId, ip: basis.ip, state: 'atRisk' as RiskState, expiresAt, ...(basis.userId ? { userId: basis.userId } : {}) };
  const reports = [
    ...detectionRecords(assessment.detections, 'signIn', reportBase),
    ...detectionRecords(assessment.userDetections, 'user', reportBase),
  ];

  const writes: Array<Promise<unknown>> = [
    SignInEvent.collection.insertOne(event as never),
    countAttempt({ kind: 'ip', key: basis.source, snapshot: basis.sourceCounter, account: basis.username, passwordOk: basis.passwordOk }, now),
    countAttempt({ kind: 'network', key: assessment.network, snapshot: basis.networkCounter, account: basis.username, passwordOk: basis.passwordOk }, now),
  ];
  if (reports.length) writes.push(RiskDetection.collection.insertMany(reports as never[]));
  writes.push(appendToStreams([...signInStreamItems(event), ...reports.flatMap(detectionStreamItems)]));
  writes.push(basis.userId
    ? writeProfile(basis.userId, basis.username, now, profileUpdateFor(assessment, options.outcome))
    : writeProfile(NO_USER_ID, undefined, now, {}));
  await Promise.all(writes);
  metrics?.signIn({ outcome: options.outcome, riskLevel: assessment.signInRisk, decisions: event.decisions, detections: reports });
  return { eventId: assessment.eventId, riskState };
}

function profileUpdateFor(assessment: RiskAssessment, outcome: SignInOutcome): ProfileUpdate {
  const { basis, at: now } = assessment;
  const profile = basis.profile;
  const update: ProfileUpdate & { $set: Record<string, unknown>; $inc: Record<string, number> } = { $set: {}, $inc: {} };

  if (basis.passwordOk && trustedWithoutMfa(outcome) && !atOrAbove(assessment.signInRisk, 'medium')) {
    const learned = learnUpdate(profile, placeOf(assessment), now);
    Object.assign(update.$set, learned.$set);
    Object.assign(update.$inc, learned.$inc);
  }
  if (!basis.passwordOk) {
    update.$inc[`fails.${bucketKey(hourOf(now))}`] = 1;
    const stale = staleKeys(profile?.fails, now);
    if (stale.length) update.$unset = Object.fromEntries(stale.map((key) => [`fails.${key}`, '' as const]));
  }
  for (const finding of assessment.userDetections) {
    update.$set[`userDetections.${finding.type}`] = { id: `${assessment.eventId}:${finding.type}`, level: finding.level, reason: finding.reason, at: now, signInEventId: assessment.eventId };
  }
  if (basis.passwordOk && atOrAbove(assessment.signInRisk, 'medium')) {
    Object.assign(update, riskySignInUpdate(profile, { eventId: assessment.eventId, level: assessment.signInRisk as DetectionLevel, at: now }, update.$set));
  }
  if (assessment.userDetections.length) Object.assign(update.$set, userAtRisk(now));
  return update;
}

function userAtRisk(now: Date): Record<string, unknown> {
  return { atRisk: true, userRiskState: 'atRisk', userRiskStateAt: now };
}

/** A risky sign-in added to the user's unremediated list (which user risk accumulates), the user marked at risk. */
export function riskySignInUpdate(profile: RiskProfileRecord | null, ref: RiskySignInRef, set: Record<string, unknown> = {}): ProfileUpdate & { $set: Record<string, unknown> } {
  const update: ProfileUpdate & { $set: Record<string, unknown> } = { $set: { ...set, ...userAtRisk(ref.at) } };
  // FerretDB ignores $push's $slice: trim by rewriting the list only when it is full.
  if ((profile?.riskySignIns.length ?? 0) >= PROFILE_LIST_CAP) update.$set.riskySignIns = [...recentRiskySignIns(profile, ref.at), ref].slice(-PROFILE_LIST_CAP);
  else update.$push = { riskySignIns: ref };
  return update;
}

export function placeOf(assessment: RiskAssessment): Parameters<typeof learnUpdate>[1] {
  const { basis, location } = assessment;
  return {
    deviceId: basis.deviceId,
    ip: basis.ip,
    network: assessment.network,
    country: location?.country,
    city: location?.city,
    browser: basis.browser,
    latitude: location?.latitude,
    longitude: location?.longitude,
    anonymous: basis.anonymousList !== null,
  };
}
