/**
 * The streams a sign-in event joins (src/db/streams/), named in one place: every sign-in, and
 * one stream per value of each field the lists filter on or the overview counts. A value that
 * changes after recording (the outcome when MFA is owed or done, the risk level when a late
 * detection raises it) appends to the new value's stream and to the old value's "left" stream,
 * both under the sign-in's own time, so the overview counts a value as joined − left.
 */
import type { StreamItem } from '../../db/streams/stream-entry.ts';
import type { DetectionType } from '../detection-types.ts';
import type { RiskLevel } from '../level.ts';
import type { SignInEventRecord, SignInOutcome } from '../models/sign-in-event.ts';

export const SIGN_INS_STREAM = 'sign-ins';

export const signInUserStream = (username: string): string => `sign-ins:user:${username.toLowerCase()}`;
export const signInUserIdStream = (userId: string): string => `sign-ins:userId:${userId}`;
export const signInLevelStream = (level: RiskLevel | string): string => `sign-ins:level:${level}`;
export const signInLevelLeftStream = (level: RiskLevel | string): string => `sign-ins:level-left:${level}`;
export const signInOutcomeStream = (outcome: SignInOutcome | string): string => `sign-ins:outcome:${outcome}`;
export const signInOutcomeLeftStream = (outcome: SignInOutcome | string): string => `sign-ins:outcome-left:${outcome}`;
export const signInCountryStream = (country: string): string => `sign-ins:country:${country.toUpperCase()}`;
export const signInAppStream = (clientId: string): string => `sign-ins:app:${clientId}`;
export const signInTypeStream = (type: DetectionType | string): string => `sign-ins:type:${type}`;

/** What the overview counts for a value that can change: the entries that joined it, less those that left. */
export interface StreamTally { joined: string; left: string }

export const outcomeTally = (outcome: SignInOutcome): StreamTally => ({ joined: signInOutcomeStream(outcome), left: signInOutcomeLeftStream(outcome) });
export const levelTally = (level: RiskLevel): StreamTally => ({ joined: signInLevelStream(level), left: signInLevelLeftStream(level) });

type Indexed = Pick<SignInEventRecord, '_id' | 'at' | 'expiresAt' | 'username' | 'userId' | 'riskLevel' | 'outcome' | 'country' | 'clientId' | 'detections'>;

/** Every stream a newly recorded sign-in joins. */
export function signInStreamItems(event: Indexed): StreamItem[] {
  const streams = [
    SIGN_INS_STREAM,
    signInUserStream(event.username),
    signInLevelStream(event.riskLevel),
    signInOutcomeStream(event.outcome),
    ...(event.userId ? [signInUserIdStream(event.userId)] : []),
    ...(event.country ? [signInCountryStream(event.country)] : []),
    ...(event.clientId ? [signInAppStream(event.clientId)] : []),
    ...new Set(event.detections.map((finding) => signInTypeStream(finding.type))),
  ];
  return streams.map((stream) => ({ stream, ref: event._id, at: event.at, expiresAt: event.expiresAt }));
}

/** The entries of a recorded sign-in whose outcome changed from `from` to `to`. */
export function outcomeChangeItems(event: Pick<SignInEventRecord, '_id' | 'at' | 'expiresAt'>, from: SignInOutcome, to: SignInOutcome): StreamItem[] {
  if (from === to) return [];
  return [signInOutcomeStream(to), signInOutcomeLeftStream(from)].map((stream) => ({ stream, ref: event._id, at: event.at, expiresAt: event.expiresAt }));
}

/** The entries of a recorded sign-in whose level rose from `from` to `to` and that now has these detection types. */
export function levelChangeItems(event: Pick<SignInEventRecord, '_id' | 'at' | 'expiresAt'>, from: RiskLevel, to: RiskLevel, addedTypes: readonly string[]): StreamItem[] {
  const streams = [...(from === to ? [] : [signInLevelStream(to), signInLevelLeftStream(from)]), ...addedTypes.map(signInTypeStream)];
  return streams.map((stream) => ({ stream, ref: event._id, at: event.at, expiresAt: event.expiresAt }));
}
