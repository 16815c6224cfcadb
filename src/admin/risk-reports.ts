/**
 * The reports behind the admin CLI's `risk` commands, as plain objects (the CLI formats JSON or
 * CSV): risky users, sign-ins, and risk detections. Not on the sign-in path; expired records are
 * skipped on read (FerretDB has no TTL indexes).
 */
import type { Clock } from '../clock.ts';
import { RiskDetection, type RiskDetectionRecord } from '../risk/models/risk-detection.ts';
import { RiskProfile, type RiskProfileRecord } from '../risk/models/risk-profile.ts';
import { SignInEvent, type SignInEventRecord } from '../risk/models/sign-in-event.ts';
import type { Finding } from '../risk/detection-types.ts';
import type { RiskLevel } from '../risk/level.ts';
import { withDefaults } from '../risk/profile-store.ts';
import type { RiskState } from '../risk/state.ts';
import { recentRiskySignIns, userRiskFindings, userRiskLevel } from '../risk/user-risk.ts';

export interface RiskyUserReport {
  userId: string;
  username: string;
  riskLevel: RiskLevel;
  riskState: RiskState;
  riskUpdatedAt: string | null;
  riskUpdatedBy: string | null;
  detections: Array<Finding & { at: string }>;
  unremediatedRiskySignIns: string[];
}

export interface SignInReport {
  id: string;
  time: string;
  userId: string | null;
  username: string;
  clientId: string | null;
  ip: string;
  network: string;
  asn: number | null;
  country: string | null;
  city: string | null;
  anonymousIp: string | null;
  deviceId: string | null;
  browser: string;
  userAgent: string | null;
  passwordOk: boolean;
  outcome: string;
  riskLevel: RiskLevel;
  riskState: RiskState;
  detections: Finding[];
  userRiskLevel: RiskLevel;
  userDetections: Finding[];
  decisions: Array<{ policy: string; decision: string }>;
  steps: Array<{ step: string; outcome: string; time: string }>;
}

export interface DetectionReport {
  id: string;
  time: string;
  scope: string;
  type: string;
  level: string;
  reason: string;
  userId: string | null;
  username: string;
  signInId: string | null;
  ip: string | null;
  state: RiskState;
  stateUpdatedBy: string | null;
}

const DEFAULT_LIMIT = 1000;

/** Users with an open user risk (any level), highest first. */
export async function riskyUsers(clock: Clock, options: { includeClosed?: boolean } = {}): Promise<RiskyUserReport[]> {
  const now = clock.now();
  const filter = options.includeClosed ? { userRiskState: { $ne: 'none' } } : { atRisk: true };
  const raw = await RiskProfile.collection.find<Partial<RiskProfileRecord> & { _id: string }>(filter).toArray();
  const rank: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };
  return raw.map((profile) => riskyUserReport(profile, now))
    .filter((user) => options.includeClosed || user.riskLevel !== 'none')
    .sort((a, b) => rank[b.riskLevel] - rank[a.riskLevel] || a.username.localeCompare(b.username));
}

/** One risk profile as the risky users report shows it (its level as of `now`). */
export function riskyUserReport(stored: Partial<RiskProfileRecord> & { _id: string }, now: Date): RiskyUserReport {
  const profile = withDefaults(stored);
  return {
    userId: profile._id,
    username: profile.username,
    riskLevel: userRiskLevel(profile, now),
    riskState: profile.userRiskState,
    riskUpdatedAt: profile.userRiskStateAt?.toISOString() ?? null,
    riskUpdatedBy: profile.userRiskStateBy ?? null,
    detections: userRiskFindings(profile, now).map((finding) => ({ type: finding.type, level: finding.level, reason: finding.reason, at: finding.at.toISOString() })),
    unremediatedRiskySignIns: recentRiskySignIns(profile, now).map((ref) => ref.eventId),
  };
}

export function signInReport(event: SignInEventRecord): SignInReport {
  return {
    id: event._id,
    time: event.at.toISOString(),
    userId: event.userId ?? null,
    username: event.username,
    clientId: event.clientId ?? null,
    ip: event.ip,
    network: event.network,
    asn: event.asn ?? null,
    country: event.country ?? null,
    city: event.city ?? null,
    anonymousIp: event.anonymousIp ?? null,
    deviceId: event.deviceId ?? null,
    browser: event.browser,
    userAgent: event.userAgent ?? null,
    passwordOk: event.passwordOk,
    outcome: event.outcome,
    riskLevel: event.riskLevel,
    riskState: event.riskState,
    detections: event.detections.map(({ type, level, reason }) => ({ type, level, reason })),
    userRiskLevel: event.userRiskLevel,
    userDetections: event.userDetections.map(({ type, level, reason }) => ({ type, level, reason })),
    decisions: event.decisions.map(({ policy, decision }) => ({ policy, decision })),
    steps: event.steps.map((step) => ({ step: step.step, outcome: step.outcome, time: step.at.toISOString() })),
  };
}

export interface SignInQuery {
  /** A username or a user id. */
  user?: string | undefined;
  since?: Date | undefined;
  /** Only sign-ins with a risk level above none. */
  riskyOnly?: boolean | undefined;
  limit?: number | undefined;
}

/** Sign-ins, newest first. */
export async function signIns(clock: Clock, query: SignInQuery = {}): Promise<SignInReport[]> {
  const now = clock.now();
  const filter: Record<string, unknown> = { expiresAt: { $gt: now } };
  if (query.user) filter.$or = [{ username: query.user.trim().toLowerCase() }, { userId: query.user }];
  if (query.since) filter.at = { $gte: query.since };
  if (query.riskyOnly) filter.riskLevel = { $ne: 'none' };
  const events = await SignInEvent.collection.find<SignInEventRecord>(filter).sort({ at: -1 }).limit(query.limit ?? DEFAULT_LIMIT).toArray();
  return events.map(signInReport);
}

export interface DetectionQuery {
  user?: string | undefined;
  since?: Date | undefined;
  /** Only detections still at risk. */
  openOnly?: boolean | undefined;
  limit?: number | undefined;
}

/** Risk detections (sign-in and user), newest first. */
export async function detections(clock: Clock, query: DetectionQuery = {}): Promise<DetectionReport[]> {
  const now = clock.now();
  const filter: Record<string, unknown> = { expiresAt: { $gt: now } };
  if (query.user) filter.$or = [{ username: query.user.trim().toLowerCase() }, { userId: query.user }];
  if (query.since) filter.at = { $gte: query.since };
  if (query.openOnly) filter.state = 'atRisk';
  const records = await RiskDetection.collection.find<RiskDetectionRecord>(filter).sort({ at: -1 }).limit(query.limit ?? DEFAULT_LIMIT).toArray();
  return records.map((record) => ({
    id: record._id,
    time: record.at.toISOString(),
    scope: record.scope,
    type: record.type,
    level: record.level,
    reason: record.reason,
    userId: record.userId ?? null,
    username: record.username,
    signInId: record.signInEventId ?? null,
    ip: record.ip ?? null,
    state: record.state,
    stateUpdatedBy: record.stateBy ?? null,
  }));
}
