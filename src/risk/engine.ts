/**
 * The risk engine as one service built at boot: the clock, the geolocation databases, the
 * anonymizer lists and the breached-password checker are injected once, and the server calls
 * its methods at each point of the sign-in pipeline (the order is spelled out in index.ts).
 */
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { loadAnonymousIpList, type AnonymousIpList } from './anonymous-ips.ts';
import { assessSignIn, placeIp, readRiskSnapshot, type RiskSnapshot } from './assess.ts';
import type { BreachedPasswordChecker, RiskAssessment, SignInAttempt } from './attempt.ts';
import { readCounter, windowCounts } from './counters.ts';
import type { Detection } from './detections/index.ts';
import type { Finding } from './detection-types.ts';
import { recordLateDetection } from './late-detection.ts';
import { amendDecision } from './amend-decision.ts';
import type { PolicyDecisionRecord } from './models/sign-in-event.ts';
import { openGeolocator, type Geolocator } from './geo.ts';
import type { RiskLevel } from './level.ts';
import { createDeviceThrottle } from './device-throttle.ts';
import { trustsDevice } from './profile.ts';
import { readProfile } from './profile-store.ts';
import { recordSignIn, type RecordedSignIn, type RecordOptions } from './record.ts';
import {
  confirmCompromised, confirmSignInCompromised, confirmSignInSafe, dismissUserRisk, recordSignInStep, remediateSignIn,
  remediateUserRisk, type SignInRemediationResult, type UserRiskResult,
} from './remediation.ts';
import { purgeExpiredEvents } from './retention.ts';
import type { RiskSettings } from './settings.ts';
import type { SignInMetrics } from '../metrics/metrics.ts';
import { throttleDecision, type ThrottleDecision } from './throttle.ts';
import { userRiskLevel } from './user-risk.ts';
import { SHORT_WINDOW_HOURS, sumOver } from './windows.ts';

export interface RiskEngineOptions {
  clock: Clock;
  geolocator?: Geolocator | undefined;
  anonymousIps?: AnonymousIpList | undefined;
  breachedPasswords?: BreachedPasswordChecker | undefined;
  eventRetentionMs?: number | undefined;
  detections?: readonly Detection[] | undefined;
  /** Counts each recorded sign-in (outcome, risk, decisions, detections) for Prometheus. */
  metrics?: SignInMetrics | undefined;
}

export interface RiskEngine {
  readonly clock: Clock;
  /** The documents an evaluation reads (3 `_id` reads): read once, used by throttle() and assess(). */
  snapshot(input: { ip: string; userId?: string | undefined }): Promise<RiskSnapshot>;
  /** Before completing a sign-in (after the password check, also when it failed). */
  assess(attempt: SignInAttempt, snapshot?: RiskSnapshot): Promise<RiskAssessment>;
  /** After deciding: stores the attempt, its outcome and the policy decisions. */
  record(assessment: RiskAssessment, options: Omit<RecordOptions, 'retentionMs'>): Promise<RecordedSignIn>;
  /**
   * Before verifying a password: should this source be slowed down? (2 `_id` reads, none with a
   * snapshot) A device the account trusts is slowed only by its own failures, in its own bucket
   * (device-throttle.ts: 2 slot inserts): call giveBack() when its password is right.
   */
  throttle(input: { ip: string; userId?: string | undefined; deviceId?: string | undefined; snapshot?: RiskSnapshot }): Promise<ThrottleDecision>;
  userRiskLevel(userId: string): Promise<RiskLevel>;
  remediateSignIn(eventId: string): Promise<SignInRemediationResult>;
  recordStep(eventId: string, step: string, outcome: 'success' | 'failure'): Promise<SignInRemediationResult>;
  /** What the flow's first owed decision adds (MFA the app asks for, registration): the event becomes `mfaRequired`. */
  amendDecision(eventId: string, added: readonly PolicyDecisionRecord[]): Promise<boolean>;
  /** A detection found after the password (at the MFA step), added to the sign-in event. */
  recordLateDetection(eventId: string, finding: Finding): Promise<boolean>;
  remediateUserRisk(userId: string): Promise<UserRiskResult>;
  dismissUserRisk(userId: string, by: string): Promise<UserRiskResult>;
  /** `username`: the name the reports show when the user has no risk profile yet. */
  confirmCompromised(userId: string, by: string, username?: string): Promise<UserRiskResult>;
  confirmSignInSafe(eventId: string, by: string): Promise<SignInRemediationResult>;
  confirmSignInCompromised(eventId: string, by: string): Promise<SignInRemediationResult>;
  purgeExpiredEvents(): Promise<number>;
}

export function createRiskEngine(options: RiskEngineOptions): RiskEngine {
  const { clock } = options;
  const deviceThrottle = createDeviceThrottle(clock);
  return {
    clock,
    snapshot: (input) => readRiskSnapshot(input, options.geolocator),
    assess: (attempt, snapshot) => assessSignIn(attempt, options, snapshot),
    record: (assessment, recordOptions) => recordSignIn(assessment, { ...recordOptions, retentionMs: options.eventRetentionMs }, options.metrics),
    async throttle(input) {
      const now = clock.now();
      const { snapshot } = input;
      const source = snapshot?.place.source ?? placeIp(input.ip, options.geolocator).source;
      const [profile, counter] = snapshot
        ? [snapshot.profile, snapshot.sourceCounter]
        : await Promise.all([input.userId ? readProfile(input.userId) : Promise.resolve(null), readCounter('ip', source)]);
      if (input.userId && input.deviceId && trustsDevice(profile, input.deviceId)) return deviceThrottle.take(input.userId, input.deviceId);
      return throttleDecision({
        now, source, sourceCounts: windowCounts(counter, now), profile, deviceId: input.deviceId,
        accountFailures: sumOver(profile?.fails, now, SHORT_WINDOW_HOURS, (count) => count),
      });
    },
    userRiskLevel: async (userId) => userRiskLevel(await readProfile(userId), clock.now()),
    remediateSignIn: (eventId) => remediateSignIn(eventId, clock),
    recordStep: (eventId, step, outcome) => recordSignInStep(eventId, step, outcome, clock),
    async amendDecision(eventId, added) {
      const from = await amendDecision(eventId, added);
      if (from) options.metrics?.signInAmended({ from, to: 'mfaRequired', decisions: added });
      return from !== null;
    },
    recordLateDetection: (eventId, finding) => recordLateDetection(eventId, finding, clock.now()),
    remediateUserRisk: (userId) => remediateUserRisk(userId, clock),
    dismissUserRisk: (userId, by) => dismissUserRisk(userId, by, clock),
    confirmCompromised: (userId, by, username) => confirmCompromised(userId, by, clock, username),
    confirmSignInSafe: (eventId, by) => confirmSignInSafe(eventId, by, clock),
    confirmSignInCompromised: (eventId, by) => confirmSignInCompromised(eventId, by, clock),
    purgeExpiredEvents: () => purgeExpiredEvents(clock.now()),
  };
}

/** Opens the configured geolocation databases and anonymizer lists and builds the engine. */
export async function createRiskEngineFromSettings(settings: RiskSettings, deps: { clock: Clock; logger?: Logger; breachedPasswords?: BreachedPasswordChecker; metrics?: SignInMetrics }): Promise<RiskEngine> {
  const [geolocator, anonymousIps] = await Promise.all([
    openGeolocator(settings.geoDatabases, deps.logger),
    loadAnonymousIpList({ paths: settings.anonymousIpLists, minIntervalMs: settings.listCheckIntervalMs, ...(deps.logger ? { logger: deps.logger } : {}) }, deps.clock.now()),
  ]);
  return createRiskEngine({ ...deps, geolocator, anonymousIps, eventRetentionMs: settings.eventRetentionMs });
}
