/**
 * A registered passkey or security key (WebAuthn credential). One document per credential, its
 * `_id` the SHA-256 of the credential id, so the authentication hot path (the browser names the
 * credential) is an `_id` read; listing a user's passkeys (security info, `mfa status`) uses the
 * `userId` index.
 */
import mongoose, { Schema } from 'mongoose';

export interface PasskeyRecord {
  /** passkeyId(credentialId). */
  _id: string;
  userId: string;
  /** The user's name for it ("Work laptop"). */
  name: string;
  /** base64url, as the browser reports it. */
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter at its last use (0: it keeps none). */
  counter: number;
  transports: string[];
  /** Synced (multi-device) or bound to one device, and whether it is backed up. */
  deviceType: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt?: Date;
}

const passkeySchema = new Schema<PasskeyRecord>({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  name: { type: String, required: true },
  credentialId: { type: String, required: true },
  publicKey: { type: String, required: true },
  counter: { type: Number, required: true },
  transports: { type: [String], default: [] },
  deviceType: { type: String, required: true },
  backedUp: { type: Boolean, default: false },
  createdAt: { type: Date, required: true },
  lastUsedAt: { type: Date },
}, { collection: 'passkeys', versionKey: false });

export const Passkey = (mongoose.models.Passkey as mongoose.Model<PasskeyRecord> | undefined)
  ?? mongoose.model<PasskeyRecord>('Passkey', passkeySchema);
