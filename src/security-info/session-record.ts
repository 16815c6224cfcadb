/**
 * A session of the security info area, separate from the OIDC session (as Entra's "My Sign-ins"
 * is its own app). Stored by the SHA-256 of its cookie value, so a database read does not hand
 * out live sessions. `freshAt` is the last time the user re-proved who they are here.
 */
import mongoose, { Schema } from 'mongoose';

export interface SelfServiceSessionRecord {
  _id: string;
  userId: string;
  createdAt: Date;
  freshAt: Date;
  expiresAt: Date;
}

const selfServiceSessionSchema = new Schema<SelfServiceSessionRecord>({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  createdAt: { type: Date, required: true },
  freshAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'self_service_sessions', versionKey: false });

export const SelfServiceSession = (mongoose.models.SelfServiceSession as mongoose.Model<SelfServiceSessionRecord> | undefined)
  ?? mongoose.model<SelfServiceSessionRecord>('SelfServiceSession', selfServiceSessionSchema);
