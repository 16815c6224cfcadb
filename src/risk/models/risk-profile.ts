/**
 * Everything the risk engine keeps per user, in ONE bounded document keyed by the user id, so an
 * evaluation reads one document whatever the user's history: the recently seen devices, IPs,
 * networks, countries and browsers (each the 20 most recent, most recent first, as plain strings
 * because FerretDB's read cost grows with the number of sub-documents), the last trusted location, failed
 * password attempts per hour for the last day, the open user-risk detections (one per type) and
 * the unremediated risky sign-ins (the 20 most recent), plus the user-risk state.
 */
import mongoose, { Schema } from 'mongoose';
import type { DetectionLevel } from '../level.ts';
import type { RiskState } from '../state.ts';

export interface TrustedLocation {
  latitude: number;
  longitude: number;
  country?: string;
  city?: string;
  network: string;
  at: Date;
}

export interface OpenUserDetection {
  id: string;
  level: DetectionLevel;
  reason: string;
  at: Date;
  by?: string;
  signInEventId?: string;
}

/** One entry per user-detection type that can be open (accumulated risk is derived, not stored). */
export interface OpenUserDetections {
  leakedCredentials?: OpenUserDetection;
  adminConfirmedCompromised?: OpenUserDetection;
  userReportedSuspiciousActivity?: OpenUserDetection;
}

export interface RiskySignInRef {
  eventId: string;
  level: DetectionLevel;
  at: Date;
}

export interface RiskProfileRecord {
  _id: string;
  username: string;
  learnedSignIns: number;
  firstLearnedAt?: Date;
  devices: string[];
  ips: string[];
  networks: string[];
  countries: string[];
  browsers: string[];
  lastLocation?: TrustedLocation;
  /** Failed password attempts per hour: key `t<hour number since epoch>`, stale keys removed on write. */
  fails: Record<string, number>;
  userDetections: OpenUserDetections;
  riskySignIns: RiskySignInRef[];
  userRiskState: RiskState;
  userRiskStateAt?: Date;
  userRiskStateBy?: string;
  /** Set when an admin dismissed leaked credentials: the same password is not reported again. */
  leakedCredentialsDismissedAt?: Date;
  /** Indexed flag for the risky-users report: something is open. */
  atRisk: boolean;
  updatedAt: Date;
}

const openDetectionSchema = new Schema<OpenUserDetection>({
  id: String, level: String, reason: String, at: Date, by: String, signInEventId: String,
}, { _id: false });

const riskProfileSchema = new Schema<RiskProfileRecord>({
  _id: { type: String, required: true },
  username: { type: String, required: true },
  learnedSignIns: { type: Number, default: 0 },
  firstLearnedAt: { type: Date },
  devices: { type: [String], default: [] },
  ips: { type: [String], default: [] },
  networks: { type: [String], default: [] },
  countries: { type: [String], default: [] },
  browsers: { type: [String], default: [] },
  lastLocation: { type: new Schema<TrustedLocation>({ latitude: Number, longitude: Number, country: String, city: String, network: String, at: Date }, { _id: false }) },
  fails: { type: Schema.Types.Mixed, default: {} },
  userDetections: {
    type: new Schema<OpenUserDetections>({
      leakedCredentials: openDetectionSchema,
      adminConfirmedCompromised: openDetectionSchema,
      userReportedSuspiciousActivity: openDetectionSchema,
    }, { _id: false }),
    default: {},
  },
  riskySignIns: { type: [new Schema<RiskySignInRef>({ eventId: String, level: String, at: Date }, { _id: false })], default: [] },
  userRiskState: { type: String, default: 'none' },
  userRiskStateAt: { type: Date },
  userRiskStateBy: { type: String },
  leakedCredentialsDismissedAt: { type: Date },
  atRisk: { type: Boolean, default: false },
  updatedAt: { type: Date, required: true },
}, { collection: 'risk_profiles', versionKey: false, minimize: false });

// The risky users report and the admin console's list (paged by `_id` from an opaque cursor).
riskProfileSchema.index({ atRisk: 1, _id: 1 });
riskProfileSchema.index({ userRiskState: 1, _id: 1 });

export const RiskProfile = (mongoose.models.RiskProfile as mongoose.Model<RiskProfileRecord> | undefined)
  ?? mongoose.model<RiskProfileRecord>('RiskProfile', riskProfileSchema);
