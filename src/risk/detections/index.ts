/**
 * The registry: every real-time detection, evaluated in this order on each sign-in attempt.
 * Adding a detection means adding its module and one line here.
 */
import { anonymousIp } from './anonymous-ip.ts';
import { bruteForce } from './brute-force.ts';
import type { Detection } from './detection.ts';
import { impossibleTravel } from './impossible-travel.ts';
import { leakedCredentials } from './leaked-credentials.ts';
import { maliciousIp } from './malicious-ip.ts';
import { passwordSpray } from './password-spray.ts';
import { unfamiliarSignInProperties } from './unfamiliar-sign-in-properties.ts';

export const DETECTIONS: readonly Detection[] = Object.freeze([
  unfamiliarSignInProperties,
  impossibleTravel,
  anonymousIp,
  maliciousIp,
  passwordSpray,
  bruteForce,
  leakedCredentials,
]);

export type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';
