/**
 * Windowed attempt counters for one source IP (an IPv6 /64) or one network (ASN or prefix): ONE
 * small document per key holding per-hour buckets (`h.t<hour>`) for the last 24 hours. Writes are
 * single-document atomic `$inc` upserts on the current hour's fields, with the stale hours seen
 * at the last read `$unset` in the same update, so the document stays bounded. A key idle for a
 * day expires (TTL on MongoDB; on FerretDB, stale buckets are ignored on read and purged).
 */
import mongoose, { Schema } from 'mongoose';

export interface HourCounts {
  /** attempts */
  a?: number;
  /** failed password attempts */
  f?: number;
  /** successful password attempts */
  s?: number;
  /** distinct accounts with a failed attempt in this hour */
  fa?: number;
}

export interface RiskCounterRecord {
  _id: string;
  kind: 'ip' | 'network';
  key: string;
  h: Record<string, HourCounts>;
  expiresAt: Date;
}

const riskCounterSchema = new Schema<RiskCounterRecord>({
  _id: { type: String, required: true },
  kind: { type: String, required: true },
  key: { type: String, required: true },
  h: { type: Schema.Types.Mixed, default: {} },
  expiresAt: { type: Date, required: true },
}, { collection: 'risk_counters', versionKey: false, minimize: false });

export const RiskCounter = (mongoose.models.RiskCounter as mongoose.Model<RiskCounterRecord> | undefined)
  ?? mongoose.model<RiskCounterRecord>('RiskCounter', riskCounterSchema);
