/**
 * What Vigil knows about one oidc-provider session beyond who signed in: the sign-in that
 * created it (its risk, whether MFA remediated it), when MFA was last done, whether MFA
 * registration was skipped. Keyed by the session's uid, which survives session id rotation.
 */
import mongoose, { Schema } from 'mongoose';
import type { RiskLevel } from '../risk/level.ts';

export interface SessionStateRecord {
  _id: string;
  accountId: string;
  signInId?: string;
  signInRisk: RiskLevel;
  signInRiskRemediated: boolean;
  mfaAt?: Date;
  registrationSkippedAt?: Date;
  createdAt: Date;
  expiresAt: Date;
}

const sessionStateSchema = new Schema<SessionStateRecord>({
  _id: { type: String, required: true },
  accountId: { type: String, required: true, index: true },
  signInId: { type: String },
  signInRisk: { type: String, default: 'none' },
  signInRiskRemediated: { type: Boolean, default: false },
  mfaAt: { type: Date },
  registrationSkippedAt: { type: Date },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'session_states', versionKey: false });

export const SessionState = (mongoose.models.SessionState as mongoose.Model<SessionStateRecord> | undefined)
  ?? mongoose.model<SessionStateRecord>('SessionState', sessionStateSchema);
