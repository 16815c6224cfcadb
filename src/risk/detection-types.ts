/**
 * The names of every detection, as stored and reported. Sign-in detections are evaluated in real
 * time on each attempt; user detections describe the account (they raise user risk until the
 * user is remediated or an admin dismisses them).
 */
import type { DetectionLevel } from './level.ts';

/** Evaluated at the password, each by its module in detections/index.ts. */
export const REAL_TIME_DETECTION_TYPES = [
  'unfamiliarSignInProperties',
  'impossibleTravel',
  'anonymousIp',
  'maliciousIp',
  'passwordSpray',
  'bruteForce',
] as const;

/** Reported later in the sign-in, by the step that sees it (late-detection.ts). */
export const LATE_DETECTION_TYPES = [
  /** The MFA step: a passkey whose signature counter went back. */
  'clonedAuthenticator',
] as const;

export const SIGN_IN_DETECTION_TYPES = [...REAL_TIME_DETECTION_TYPES, ...LATE_DETECTION_TYPES] as const;

export const USER_DETECTION_TYPES = [
  'leakedCredentials',
  'adminConfirmedCompromised',
  'userReportedSuspiciousActivity',
  'accumulatedSignInRisk',
] as const;

export type SignInDetectionType = (typeof SIGN_IN_DETECTION_TYPES)[number];

/**
 * The sign-in detections that measure failed passwords — an attack on the account or from the
 * attempt's source — rather than the attempt itself. Other people's failures say nothing about
 * a device the account trusts, so they are not evaluated for it (assess.ts): strangers guessing
 * never step up, block or put at risk the real user's sign-in from their own device.
 */
export const ATTACK_DETECTION_TYPES = ['maliciousIp', 'passwordSpray', 'bruteForce'] as const satisfies readonly SignInDetectionType[];
export type AttackDetectionType = (typeof ATTACK_DETECTION_TYPES)[number];

export function isAttackDetection(type: DetectionType): type is AttackDetectionType {
  return (ATTACK_DETECTION_TYPES as readonly DetectionType[]).includes(type);
}
export type UserDetectionType = (typeof USER_DETECTION_TYPES)[number];
export type DetectionType = SignInDetectionType | UserDetectionType;
export type DetectionScope = 'signIn' | 'user';

/** One detection's verdict: its level and a sentence an admin can read. */
export interface Finding {
  type: DetectionType;
  level: DetectionLevel;
  reason: string;
}
