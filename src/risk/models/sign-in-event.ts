/**
 * One sign-in attempt, success or failure, as the risk engine saw it: who (if known), from
 * where (IP, its location and network), with what (device id, user agent), the outcome, the
 * risk found and the policy decisions taken. `_id` is a string (an ObjectId's hex) because
 * FerretDB answers string `_id` lookups faster than ObjectId ones. Events expire after the
 * configured retention: a TTL index on MongoDB; on FerretDB reads skip expired events and
 * `purgeExpiredRiskData` deletes them.
 */
import mongoose, { Schema } from 'mongoose';
import type { DetectionLevel, RiskLevel } from '../level.ts';
import type { DetectionType } from '../detection-types.ts';
import type { RiskState } from '../state.ts';

export const SIGN_IN_OUTCOMES = [
  'success',          // signed in (nothing more was required)
  'mfaRequired',      // password accepted, MFA (or more) demanded; see steps / riskState
  'mfaFailed',
  'blocked',          // password accepted, refused by policy or account state
  'failedPassword',
  'failedPasskey',    // a passwordless passkey refused (bad signature, spent challenge, no user verification)
  'unknownUser',      // no such user, or a passkey nobody has
  'throttled',
] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

export interface StoredFinding {
  type: DetectionType;
  level: DetectionLevel;
  reason: string;
}

export interface PolicyDecisionRecord {
  policy: string;
  decision: string;
}

export interface SignInStepRecord {
  step: string;
  outcome: 'success' | 'failure';
  at: Date;
}

export interface SignInEventRecord {
  _id: string;
  at: Date;
  userId?: string;
  username: string;
  clientId?: string;
  ip: string;
  network: string;
  asn?: number;
  asOrg?: string;
  country?: string;
  region?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  anonymousIp?: string;
  deviceId?: string;
  userAgent?: string;
  browser: string;
  passwordOk: boolean;
  outcome: SignInOutcome;
  riskLevel: RiskLevel;
  detections: StoredFinding[];
  userRiskLevel: RiskLevel;
  userDetections: StoredFinding[];
  riskState: RiskState;
  riskStateAt?: Date;
  riskStateBy?: string;
  decisions: PolicyDecisionRecord[];
  steps: SignInStepRecord[];
  expiresAt: Date;
}

const findingSchema = new Schema<StoredFinding>({
  type: { type: String, required: true },
  level: { type: String, required: true },
  reason: { type: String, required: true },
}, { _id: false });

const signInEventSchema = new Schema<SignInEventRecord>({
  _id: { type: String, required: true },
  at: { type: Date, required: true, index: true },
  userId: { type: String },
  username: { type: String, required: true },
  clientId: { type: String },
  ip: { type: String, required: true },
  network: { type: String, required: true },
  asn: { type: Number },
  asOrg: { type: String },
  country: { type: String },
  region: { type: String },
  city: { type: String },
  latitude: { type: Number },
  longitude: { type: Number },
  anonymousIp: { type: String },
  deviceId: { type: String },
  userAgent: { type: String },
  browser: { type: String, required: true },
  passwordOk: { type: Boolean, required: true },
  outcome: { type: String, required: true },
  riskLevel: { type: String, required: true },
  detections: { type: [findingSchema], default: [] },
  userRiskLevel: { type: String, required: true },
  userDetections: { type: [findingSchema], default: [] },
  riskState: { type: String, required: true },
  riskStateAt: { type: Date },
  riskStateBy: { type: String },
  decisions: { type: [new Schema<PolicyDecisionRecord>({ policy: String, decision: String }, { _id: false })], default: [] },
  steps: { type: [new Schema<SignInStepRecord>({ step: String, outcome: String, at: Date }, { _id: false })], default: [] },
  expiresAt: { type: Date, required: true },
}, { collection: 'sign_in_events', versionKey: false });

// The admin console reads sign-ins through its streams (src/risk/streams/), by `_id`; the admin
// CLI's reports ask for one user's by name or id, newest first, and the policy backtest for a
// time range (the `at` index above).
signInEventSchema.index({ userId: 1, at: -1, _id: -1 });
signInEventSchema.index({ username: 1, at: -1, _id: -1 });

export const SignInEvent = (mongoose.models.SignInEvent as mongoose.Model<SignInEventRecord> | undefined)
  ?? mongoose.model<SignInEventRecord>('SignInEvent', signInEventSchema);
