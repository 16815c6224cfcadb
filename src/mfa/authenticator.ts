/**
 * A registered method: a TOTP app, a set of recovery codes, or a verified e-mail address for
 * password reset. One document per method, at most one of each type per user, found by `_id`
 * (src/mfa/authenticator-store.ts); failure counters and lockout live on the method that was
 * tried (NIST 800-63B throttling per authenticator).
 */
import mongoose, { Schema } from 'mongoose';

export type AuthenticatorType = 'totp' | 'recovery' | 'email';

export interface RecoveryCodeEntry {
  hash: string;
  usedAt?: Date;
}

export interface AuthenticatorRecord {
  /** `<userId>:<type>` (authenticatorId()). */
  _id: string;
  /** New each time the method is registered, so what was spent on the old one does not carry over. */
  instance: string;
  userId: string;
  type: AuthenticatorType;
  createdAt: Date;
  lastUsedAt?: Date;
  /** TOTP: the secret sealed with ENCRYPTION_KEYS (key id inside the sealed value). */
  sealedSecret?: string;
  lastUsedStep?: number;
  /** Recovery codes: SHA-256 of each code, and when it was used. */
  codes?: RecoveryCodeEntry[];
  /** E-mail method: the verified address. */
  address?: string;
  consecutiveFailures: number;
  lockedUntil?: Date;
  permanentlyLocked: boolean;
}

const authenticatorSchema = new Schema<AuthenticatorRecord>({
  _id: { type: String, required: true },
  instance: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  type: { type: String, required: true, enum: ['totp', 'recovery', 'email'] },
  createdAt: { type: Date, required: true },
  lastUsedAt: { type: Date },
  sealedSecret: { type: String },
  lastUsedStep: { type: Number },
  codes: { type: [{ hash: String, usedAt: Date, _id: false }], default: undefined },
  address: { type: String },
  consecutiveFailures: { type: Number, default: 0 },
  lockedUntil: { type: Date },
  permanentlyLocked: { type: Boolean, default: false },
}, { collection: 'authenticators', versionKey: false });

export const Authenticator = (mongoose.models.Authenticator as mongoose.Model<AuthenticatorRecord> | undefined)
  ?? mongoose.model<AuthenticatorRecord>('Authenticator', authenticatorSchema);
