/**
 * A user's risk, derived on read from the profile document: the highest of the open user
 * detections (leaked credentials and admin-confirmed compromise: high; "this wasn't me": high)
 * and the accumulated risk of the user's unremediated risky sign-ins.
 *
 * Accumulated sign-in risk counts only sign-ins whose PASSWORD WAS CORRECT (someone holds the
 * password) at medium or high risk, not remediated, dismissed or confirmed safe, within 30 days:
 *   - high:   2 or more high, or 3 or more medium-or-high
 *   - medium: 1 high, or 2 medium
 *   - low:    1 medium
 */
import { DAY } from '../clock.ts';
import type { OpenUserDetection, RiskProfileRecord, RiskySignInRef } from './models/risk-profile.ts';
import type { Finding, UserDetectionType } from './detection-types.ts';
import { highestLevel, type RiskLevel } from './level.ts';

export const ACCUMULATION_WINDOW_MS = 30 * DAY;
export const OPEN_USER_DETECTION_TYPES = ['leakedCredentials', 'adminConfirmedCompromised', 'userReportedSuspiciousActivity'] as const satisfies readonly UserDetectionType[];
export type OpenUserDetectionType = (typeof OPEN_USER_DETECTION_TYPES)[number];

export interface UserRiskFinding extends Finding {
  at: Date;
}

export function recentRiskySignIns(profile: Pick<RiskProfileRecord, 'riskySignIns'> | null, now: Date): RiskySignInRef[] {
  const since = now.getTime() - ACCUMULATION_WINDOW_MS;
  return (profile?.riskySignIns ?? []).filter((ref) => ref.at.getTime() > since);
}

export function accumulatedRisk(refs: RiskySignInRef[]): Finding | null {
  const high = refs.filter((ref) => ref.level === 'high').length;
  const mediumOrHigh = refs.filter((ref) => ref.level === 'high' || ref.level === 'medium').length;
  const medium = mediumOrHigh - high;
  const reason = `${mediumOrHigh} risky sign-in(s) with the correct password not remediated in the last 30 days (${high} high, ${medium} medium)`;
  if (high >= 2 || mediumOrHigh >= 3) return { type: 'accumulatedSignInRisk', level: 'high', reason };
  if (high >= 1 || medium >= 2) return { type: 'accumulatedSignInRisk', level: 'medium', reason };
  if (medium >= 1) return { type: 'accumulatedSignInRisk', level: 'low', reason };
  return null;
}

export function userRiskFindings(profile: RiskProfileRecord | null, now: Date): UserRiskFinding[] {
  if (!profile) return [];
  const findings: UserRiskFinding[] = [];
  for (const type of OPEN_USER_DETECTION_TYPES) {
    const open: OpenUserDetection | undefined = profile.userDetections?.[type];
    if (open) findings.push({ type, level: open.level, reason: open.reason, at: open.at });
  }
  const refs = recentRiskySignIns(profile, now);
  const accumulated = accumulatedRisk(refs);
  if (accumulated) findings.push({ ...accumulated, at: refs.reduce((latest, ref) => (ref.at > latest ? ref.at : latest), refs[0]?.at ?? now) });
  return findings;
}

export function userRiskLevel(profile: RiskProfileRecord | null, now: Date, extra: Finding[] = []): RiskLevel {
  return highestLevel([...userRiskFindings(profile, now), ...extra].map((finding) => finding.level));
}
