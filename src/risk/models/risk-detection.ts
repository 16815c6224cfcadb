/**
 * The risk detections report: one record per detection that fired, sign-in or user, with its
 * state (closed together with the sign-in or the user it belongs to). Written when a sign-in is
 * recorded or an admin/user action raises risk; never read on the evaluation path.
 */
import mongoose, { Schema } from 'mongoose';
import type { DetectionScope, DetectionType } from '../detection-types.ts';
import type { DetectionLevel } from '../level.ts';
import type { RiskState } from '../state.ts';

export interface RiskDetectionRecord {
  _id: string;
  at: Date;
  scope: DetectionScope;
  type: DetectionType;
  level: DetectionLevel;
  reason: string;
  userId?: string;
  username: string;
  signInEventId?: string;
  ip?: string;
  state: RiskState;
  stateAt?: Date;
  stateBy?: string;
  expiresAt: Date;
}

const riskDetectionSchema = new Schema<RiskDetectionRecord>({
  _id: { type: String, required: true },
  at: { type: Date, required: true, index: true },
  scope: { type: String, required: true },
  type: { type: String, required: true },
  level: { type: String, required: true },
  reason: { type: String, required: true },
  userId: { type: String },
  username: { type: String, required: true },
  signInEventId: { type: String, index: true },
  ip: { type: String },
  state: { type: String, required: true },
  stateAt: { type: Date },
  stateBy: { type: String },
  expiresAt: { type: Date, required: true },
}, { collection: 'risk_detections', versionKey: false });

// The admin console reads detections through its streams (src/risk/streams/), by `_id`; the
// admin CLI's reports ask for one user's by name or id, newest first; closing a user's risk
// updates theirs by `userId`.
riskDetectionSchema.index({ userId: 1, at: -1, _id: -1 });
riskDetectionSchema.index({ username: 1, at: -1, _id: -1 });

export const RiskDetection = (mongoose.models.RiskDetection as mongoose.Model<RiskDetectionRecord> | undefined)
  ?? mongoose.model<RiskDetectionRecord>('RiskDetection', riskDetectionSchema);
