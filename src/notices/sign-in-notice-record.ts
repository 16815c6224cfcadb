/**
 * A "new sign-in" notice waiting to be sent: a sign-in from a new device in an unfamiliar place
 * with no risk found. Notices are batched, so several such sign-ins make one e-mail; a risky
 * sign-in is mailed at once and never waits here. Keyed by the sign-in event.
 */
import mongoose, { Schema } from 'mongoose';

export interface SignInNoticeRecord {
  /** The sign-in event id. */
  _id: string;
  userId: string;
  at: Date;
  ip: string;
  location?: string;
  browser?: string;
  reportUrl: string;
  createdAt: Date;
}

const signInNoticeSchema = new Schema<SignInNoticeRecord>({
  _id: { type: String, required: true },
  userId: { type: String, required: true },
  at: { type: Date, required: true },
  ip: { type: String, required: true },
  location: { type: String },
  browser: { type: String },
  reportUrl: { type: String, required: true },
  createdAt: { type: Date, required: true },
}, { collection: 'sign_in_notices', versionKey: false });

export const SignInNotice = (mongoose.models.SignInNotice as mongoose.Model<SignInNoticeRecord> | undefined)
  ?? mongoose.model<SignInNoticeRecord>('SignInNotice', signInNoticeSchema);
