/** What the server tells the engine about one sign-in attempt, and what the engine answers. */
import type { Finding } from './detection-types.ts';
import type { IpLocation } from './geo.ts';
import type { RiskLevel } from './level.ts';
import type { ThrottleDecision } from './throttle.ts';
import type { RiskCounterRecord } from './models/risk-counter.ts';
import type { RiskProfileRecord } from './models/risk-profile.ts';

export interface SignInAttempt {
  /** As typed by the user; stored lower-case. */
  username: string;
  /** The account, when the username exists. */
  userId?: string | undefined;
  clientId?: string | undefined;
  /** The client IP (the server has already applied TRUST_PROXY). */
  ip: string;
  /** From the server's signed device cookie; absent when the browser has none yet. */
  deviceId?: string | undefined;
  userAgent?: string | undefined;
  passwordOk: boolean;
  /**
   * The plaintext password, only to ask the breached-password checker when it was correct.
   * Never stored or logged. Omit it, or pass `passwordBreached`, to keep it out of the engine.
   */
  password?: string | undefined;
  /** Precomputed breach check result (instead of `password`). */
  passwordBreached?: boolean | undefined;
  /** When the account's password last changed: a dismissed leak is not re-raised for the same password. */
  passwordChangedAt?: Date | undefined;
}

export interface BreachedPasswordChecker {
  isBreached(password: string): Promise<boolean> | boolean;
}

/** What record() needs from assess(): the snapshot the verdict was computed on. */
export interface AssessmentBasis {
  username: string;
  userId?: string | undefined;
  clientId?: string | undefined;
  ip: string;
  source: string;
  deviceId?: string | undefined;
  userAgent?: string | undefined;
  browser: string;
  passwordOk: boolean;
  anonymousList: string | null;
  profile: RiskProfileRecord | null;
  sourceCounter: RiskCounterRecord | null;
  networkCounter: RiskCounterRecord | null;
}

export interface RiskAssessment {
  /** The id the sign-in event will have once recorded (use it for remediation and report links). */
  eventId: string;
  at: Date;
  /** The sign-in's risk: the highest of its sign-in detections. */
  signInRisk: RiskLevel;
  /** The user's risk, including user detections found on this attempt. */
  userRisk: RiskLevel;
  detections: Finding[];
  userDetections: Finding[];
  /** Whether the server should slow this attempt's source down (see throttle.ts). */
  throttle: ThrottleDecision;
  location: IpLocation | null;
  network: string;
  basis: AssessmentBasis;
}
