/**
 * One sign-in as a first-class object (docs/ARCHITECTURE.md, "A sign-in"): the attempt that
 * created the session (its client, its recorded event), the assessment it was decided on (sign-in
 * and user risk), what the password step decided (the risk part of the README's order, "How a
 * sign-in is decided") and the progress through the steps it owes (MFA done, sign-in risk
 * remediated, registration skipped, password changed).
 *
 * Keyed by the oidc-provider session's uid, which survives session id rotation, so every later
 * authorization request of the same session reads it with one `_id` lookup. Written only by
 * `advance.ts` (single-document atomic updates: FerretDB has no transactions); the interaction
 * checks only read it (`read.ts`). The collection keeps its original name, so sessions signed in
 * before this model keep their state.
 */
import mongoose, { Schema } from 'mongoose';
import { DAY } from '../clock.ts';
import type { RiskLevel } from '../risk/level.ts';
import type { PolicyDecision } from '../policy/sign-in-decision.ts';

export const SIGN_IN_FLOW_LIFETIME_MS = 30 * DAY;

/** What the password step decided: the risk part of the order, as recorded with the sign-in event. */
export interface PasswordDecision {
  outcome: 'allow' | 'mfa' | 'mfa+passwordChange';
  records: PolicyDecision[];
}

export interface SignInFlowRecord {
  /** The oidc-provider session's uid. */
  _id: string;
  accountId: string;
  /** The recorded sign-in event (the attempt and its assessment, in `sign_in_events`). */
  signInId?: string;
  clientId?: string;
  signInRisk: RiskLevel;
  userRisk?: RiskLevel;
  /** What the password step decided, in decision order (absent for sessions from before it was kept). */
  decision?: PasswordDecision;
  /** Progress: MFA remediated the sign-in's risk. */
  signInRiskRemediated: boolean;
  mfaAt?: Date;
  registrationSkippedAt?: Date;
  passwordChangedAt?: Date;
  /** The sign-in event whose first owed decision was recorded (effects.ts): recorded once per sign-in. */
  decisionRecordedFor?: string;
  createdAt: Date;
  expiresAt: Date;
}

const decisionSchema = new Schema({
  outcome: { type: String, required: true },
  records: [{ _id: false, policy: { type: String, required: true }, decision: { type: String, required: true } }],
}, { _id: false });

const signInFlowSchema = new Schema<SignInFlowRecord>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true, index: true },
  signInId: { type: String },
  clientId: { type: String },
  signInRisk: { type: String, default: 'none' },
  userRisk: { type: String },
  decision: { type: decisionSchema },
  signInRiskRemediated: { type: Boolean, default: false },
  mfaAt: { type: Date },
  registrationSkippedAt: { type: Date },
  passwordChangedAt: { type: Date },
  decisionRecordedFor: { type: String },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'session_states', versionKey: false });

export const SignInFlow = (mongoose.models.SignInFlow as mongoose.Model<SignInFlowRecord> | undefined)
  ?? mongoose.model<SignInFlowRecord>('SignInFlow', signInFlowSchema);
