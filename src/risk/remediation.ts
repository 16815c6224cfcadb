/**
 * Closing risk: by the user (MFA remediates a risky sign-in; MFA then a secure password change
 * remediates the user) and by an admin (dismiss the user's risk, confirm the user compromised,
 * confirm a sign-in safe or compromised). Each changes the sign-in event, the profile and the
 * detections report with single-document updates (plus one multi-document state update on the
 * report, which no correctness depends on). Expected outcomes are result unions.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { appendToStreams } from '../db/streams/append.ts';
import { RiskDetection, type RiskDetectionRecord } from './models/risk-detection.ts';
import type { OpenUserDetection } from './models/risk-profile.ts';
import { SignInEvent, type SignInEventRecord } from './models/sign-in-event.ts';
import type { UserDetectionType } from './detection-types.ts';
import type { RiskLevel } from './level.ts';
import { learnUpdate, type LearnedProperties } from './profile.ts';
import { pullRiskySignIn, readProfile, writeProfile, type ProfileUpdate } from './profile-store.ts';
import type { RiskState } from './state.ts';
import { detectionStreamItems } from './streams/detection-streams.ts';
import { outcomeChangeItems } from './streams/sign-in-streams.ts';
import { userRiskLevel } from './user-risk.ts';

export type SignInRemediationResult =
  | { status: 'OK'; riskState: RiskState }
  | { status: 'NOT_FOUND' };

export type UserRiskResult = { status: 'OK'; previousLevel: RiskLevel; level: RiskLevel };

async function findEvent(eventId: string, now: Date): Promise<SignInEventRecord | null> {
  if (typeof eventId !== 'string' || !eventId) return null;
  const event = await SignInEvent.collection.findOne<SignInEventRecord>({ _id: eventId as never });
  return event && event.expiresAt.getTime() > now.getTime() ? event : null;
}

function learnedFrom(event: SignInEventRecord): LearnedProperties {
  return {
    deviceId: event.deviceId, ip: event.ip, network: event.network, country: event.country, city: event.city,
    browser: event.browser, latitude: event.latitude, longitude: event.longitude, anonymous: Boolean(event.anonymousIp), seenAt: event.at,
  };
}

async function closeEvent(event: SignInEventRecord, state: RiskState, by: string, now: Date, extra: Record<string, unknown> = {}, push?: Record<string, unknown>): Promise<void> {
  const set: Record<string, unknown> = { ...extra };
  if (state !== event.riskState && (event.riskState !== 'none' || state === 'confirmedCompromised')) Object.assign(set, { riskState: state, riskStateAt: now, riskStateBy: by });
  const update: Record<string, unknown> = {};
  if (Object.keys(set).length) update.$set = set;
  if (push) update.$push = push;
  const writes: Array<Promise<unknown>> = [];
  if (Object.keys(update).length) writes.push(SignInEvent.collection.updateOne({ _id: event._id as never }, update));
  if (set.riskState && (event.detections.length || event.userDetections.length)) {
    writes.push(RiskDetection.collection.updateMany({ signInEventId: event._id, state: 'atRisk' }, { $set: { state, stateAt: now, stateBy: by } }));
  }
  await Promise.all(writes);
}

/** The profile change for a sign-in now trusted (learn it) and closed (no longer accumulates). */
async function trustSignIn(event: SignInEventRecord, now: Date, learn: boolean): Promise<void> {
  if (!event.userId) return;
  const profile = await readProfile(event.userId);
  const update: ProfileUpdate = {};
  const pull = pullRiskySignIn(profile, event._id);
  if (pull) update.$pull = pull;
  if (learn && event.passwordOk) {
    const learned = learnUpdate(profile, learnedFrom(event), now);
    update.$set = learned.$set;
    update.$inc = learned.$inc;
  }
  await writeProfile(event.userId, undefined, now, update);
}

/**
 * MFA succeeded for this sign-in (call it after ANY completed MFA of a recorded sign-in): a risky
 * sign-in becomes remediated, and its properties become familiar for the user.
 */
export async function remediateSignIn(eventId: string, clock: Clock): Promise<SignInRemediationResult> {
  const now = clock.now();
  const event = await findEvent(eventId, now);
  if (!event) return { status: 'NOT_FOUND' };
  const firstMfa = !event.steps.some((step) => step.step === 'mfa' && step.outcome === 'success');
  const state: RiskState = event.riskState === 'atRisk' ? 'remediated' : event.riskState;
  const extra = event.outcome === 'mfaRequired' ? { outcome: 'success' } : {};
  await Promise.all([
    closeEvent(event, state, 'mfa', now, extra, { steps: { step: 'mfa', outcome: 'success', at: now } }),
    trustSignIn(event, now, firstMfa),
    appendToStreams(outcomeChangeItems(event, event.outcome, extra.outcome ? 'success' : event.outcome)),
  ]);
  return { status: 'OK', riskState: state };
}

/** A later step of a recorded sign-in (e.g. a failed MFA attempt), for the event's history. */
export async function recordSignInStep(eventId: string, step: string, outcome: 'success' | 'failure', clock: Clock): Promise<SignInRemediationResult> {
  const now = clock.now();
  const event = await findEvent(eventId, now);
  if (!event) return { status: 'NOT_FOUND' };
  const failedMfa = step === 'mfa' && outcome === 'failure' && event.outcome === 'mfaRequired';
  const set = failedMfa ? { outcome: 'mfaFailed' } : {};
  const update: Record<string, unknown> = { $push: { steps: { step, outcome, at: now } } };
  if (Object.keys(set).length) update.$set = set;
  await Promise.all([
    SignInEvent.collection.updateOne({ _id: eventId as never }, update),
    appendToStreams(outcomeChangeItems(event, event.outcome, failedMfa ? 'mfaFailed' : event.outcome)),
  ]);
  return { status: 'OK', riskState: event.riskState };
}

export async function confirmSignInSafe(eventId: string, by: string, clock: Clock): Promise<SignInRemediationResult> {
  const now = clock.now();
  const event = await findEvent(eventId, now);
  if (!event) return { status: 'NOT_FOUND' };
  await Promise.all([closeEvent(event, 'confirmedSafe', by, now), trustSignIn(event, now, true)]);
  return { status: 'OK', riskState: 'confirmedSafe' };
}

async function closeUserRisk(userId: string, state: 'remediated' | 'dismissed', by: string, clock: Clock): Promise<UserRiskResult> {
  const now = clock.now();
  const profile = await readProfile(userId);
  const previousLevel = userRiskLevel(profile, now);
  if (!profile) return { status: 'OK', previousLevel, level: 'none' };
  const set: Record<string, unknown> = {
    userDetections: {}, riskySignIns: [], atRisk: false, userRiskState: state, userRiskStateAt: now, userRiskStateBy: by,
  };
  if (state === 'dismissed' && profile.userDetections.leakedCredentials) set.leakedCredentialsDismissedAt = now;
  // A late detection's reference is `<event id>:<type>` (late-detection.ts): its sign-in closes too.
  const eventIds = [...new Set(profile.riskySignIns.map((ref) => ref.eventId.split(':')[0] ?? ref.eventId))];
  const writes: Array<Promise<unknown>> = [
    writeProfile(userId, undefined, now, { $set: set }),
    RiskDetection.collection.updateMany({ userId, scope: 'user', state: 'atRisk' }, { $set: { state, stateAt: now, stateBy: by } }),
  ];
  // The risky sign-ins that made up the user's risk close with it; other sign-ins keep their state.
  if (eventIds.length) {
    writes.push(SignInEvent.collection.updateMany({ _id: { $in: eventIds as never[] }, riskState: 'atRisk' }, { $set: { riskState: state, riskStateAt: now, riskStateBy: by } }));
    writes.push(RiskDetection.collection.updateMany({ signInEventId: { $in: eventIds }, state: 'atRisk' }, { $set: { state, stateAt: now, stateBy: by } }));
  }
  await Promise.all(writes);
  return { status: 'OK', previousLevel, level: 'none' };
}

/** After MFA and a secure password change: the user's open detections and risky sign-ins close. */
export function remediateUserRisk(userId: string, clock: Clock, by = 'passwordChange'): Promise<UserRiskResult> {
  return closeUserRisk(userId, 'remediated', by, clock);
}

export function dismissUserRisk(userId: string, by: string, clock: Clock): Promise<UserRiskResult> {
  return closeUserRisk(userId, 'dismissed', by, clock);
}

/** The name the reports show: the profile's, else the one the caller knows (a user who never signed in has no profile). */
async function usernameOf(userId: string, known: string | undefined): Promise<string> {
  const profile = await readProfile(userId);
  return profile?.username ?? known ?? userId;
}

/** Opens a user detection (one per type) on the profile and in the report. */
export async function raiseUserDetection(input: { userId: string; username?: string | undefined; type: Exclude<UserDetectionType, 'accumulatedSignInRisk'>; reason: string; by: string; state: RiskState; signInEventId?: string; ip?: string }, clock: Clock): Promise<UserRiskResult> {
  const now = clock.now();
  const username = await usernameOf(input.userId, input.username);
  const id = randomUUID();
  const open: OpenUserDetection = { id, level: 'high', reason: input.reason, at: now, by: input.by, ...(input.signInEventId ? { signInEventId: input.signInEventId } : {}) };
  const previous = await readProfile(input.userId);
  const previousLevel = userRiskLevel(previous, now);
  const detection: RiskDetectionRecord = {
    _id: id, at: now, scope: 'user', type: input.type, level: 'high', reason: input.reason, userId: input.userId, username,
    state: input.state, stateAt: now, stateBy: input.by, expiresAt: new Date(now.getTime() + 365 * 24 * 3600_000),
    ...(input.signInEventId ? { signInEventId: input.signInEventId } : {}), ...(input.ip ? { ip: input.ip } : {}),
  };
  await Promise.all([
    writeProfile(input.userId, username, now, {
      $set: { [`userDetections.${input.type}`]: open, atRisk: true, userRiskState: input.state, userRiskStateAt: now, userRiskStateBy: input.by },
    }),
    RiskDetection.collection.insertOne(detection as never),
    appendToStreams(detectionStreamItems(detection)),
  ]);
  return { status: 'OK', previousLevel, level: 'high' };
}

/** User risk becomes high until remediated (secure password change) or dismissed; the server revokes sessions. */
export function confirmCompromised(userId: string, by: string, clock: Clock, username?: string): Promise<UserRiskResult> {
  return raiseUserDetection({ userId, username, type: 'adminConfirmedCompromised', reason: `an administrator (${by}) confirmed the account compromised`, by, state: 'confirmedCompromised' }, clock);
}

/** The sign-in was not the user: it is closed as compromised and the user's risk becomes high. */
export async function confirmSignInCompromised(eventId: string, by: string, clock: Clock): Promise<SignInRemediationResult> {
  const now = clock.now();
  const event = await findEvent(eventId, now);
  if (!event) return { status: 'NOT_FOUND' };
  await closeEvent(event, 'confirmedCompromised', by, now);
  if (event.userId) {
    await raiseUserDetection({ userId: event.userId, username: event.username, type: 'adminConfirmedCompromised', reason: `an administrator (${by}) confirmed sign-in ${event._id} compromised`, by, state: 'confirmedCompromised', signInEventId: event._id, ip: event.ip }, clock);
    const pull = pullRiskySignIn(await readProfile(event.userId), event._id);
    if (pull) await writeProfile(event.userId, undefined, now, { $pull: pull });
  }
  return { status: 'OK', riskState: 'confirmedCompromised' };
}

export { findEvent as findSignInEvent };
