/**
 * What a `reportOnly` policy would have done, recorded instead of enforced (for `risk`/`mfa`
 * reports). The admin console's overview counts them through their streams
 * (report-only-streams.ts), not by time on this collection.
 */
import mongoose, { Schema, type Types } from 'mongoose';

export interface ReportOnlyEventRecord {
  _id: Types.ObjectId;
  policy: string;
  userId: string;
  wouldHave: string;
  at: Date;
  expiresAt: Date;
}

const reportOnlyEventSchema = new Schema<ReportOnlyEventRecord>({
  policy: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  wouldHave: { type: String, required: true },
  at: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'report_only_events', versionKey: false });

export const ReportOnlyEvent = (mongoose.models.ReportOnlyEvent as mongoose.Model<ReportOnlyEventRecord> | undefined)
  ?? mongoose.model<ReportOnlyEventRecord>('ReportOnlyEvent', reportOnlyEventSchema);
