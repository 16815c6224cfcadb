/**
 * The names of every detection, as stored and reported. Sign-in detections are evaluated in real
 * time on each attempt; user detections describe the account (they raise user risk until the
 * user is remediated or an admin dismisses them).
 */
import type { DetectionLevel } from './level.ts';

export const SIGN_IN_DETECTION_TYPES = [
  'unfamiliarSignInProperties',
  'impossibleTravel',
  'anonymousIp',
  'maliciousIp',
  'passwordSpray',
  'bruteForce',
] as const;

export const USER_DETECTION_TYPES = [
  'leakedCredentials',
  'adminConfirmedCompromised',
  'userReportedSuspiciousActivity',
  'accumulatedSignInRisk',
] as const;

export type SignInDetectionType = (typeof SIGN_IN_DETECTION_TYPES)[number];
export type UserDetectionType = (typeof USER_DETECTION_TYPES)[number];
export type DetectionType = SignInDetectionType | UserDetectionType;
export type DetectionScope = 'signIn' | 'user';

/** One detection's verdict: its level and a sentence an admin can read. */
export interface Finding {
  type: DetectionType;
  level: DetectionLevel;
  reason: string;
}
