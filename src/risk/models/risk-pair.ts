/**
 * "This source already failed on this account in this hour": one marker per (source, account,
 * hour), inserted with a deterministic `_id`. The insert that wins (a duplicate `_id` is always
 * refused, even on FerretDB) is the one that counts a new distinct account for the source.
 * Never read on the evaluation path; expires after two hours.
 */
import mongoose, { Schema } from 'mongoose';

export interface RiskPairRecord {
  _id: string;
  expiresAt: Date;
}

const riskPairSchema = new Schema<RiskPairRecord>({
  _id: { type: String, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'risk_pairs', versionKey: false });

export const RiskPair = (mongoose.models.RiskPair as mongoose.Model<RiskPairRecord> | undefined)
  ?? mongoose.model<RiskPairRecord>('RiskPair', riskPairSchema);
