/**
 * A person who signs in. Usernames are stored lower-case; `emailKey` exists only to carry a
 * unique index, because FerretDB ignores `sparse` and a unique index on an optional e-mail
 * would collide on every user without one.
 */
import mongoose, { Schema, type Types } from 'mongoose';
import type { ProfileClaims } from '../oidc/standard-claims.ts';

export interface UserRecord {
  _id: Types.ObjectId;
  username: string;
  email?: string;
  emailVerified: boolean;
  emailKey: string;
  displayName?: string;
  /** OIDC standard claims beyond name and e-mail (profile, phone, address), set by an admin. */
  profile?: ProfileClaims;
  passwordHash: string;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  groups: string[];
  disabled: boolean;
  /** When the MFA registration policy first applied to this user at an interactive sign-in. */
  mfaRegistrationStartedAt?: Date;
  /** Extra days granted by an admin on top of the policy's grace period. */
  mfaGraceExtensionDays: number;
  /** Bumped to end every session and refresh token issued before it. */
  sessionsValidAfter?: Date;
  lastSignInAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export function emailKeyFor(username: string, email: string | undefined): string {
  return email ? `email:${email.toLowerCase()}` : `none:${username.toLowerCase()}`;
}

const userSchema = new Schema<UserRecord>({
  username: { type: String, required: true, lowercase: true, trim: true, unique: true },
  email: { type: String, lowercase: true, trim: true },
  emailVerified: { type: Boolean, default: false },
  emailKey: { type: String, required: true, unique: true },
  displayName: { type: String },
  profile: { type: Schema.Types.Mixed },
  passwordHash: { type: String, required: true },
  passwordChangedAt: { type: Date, required: true },
  mustChangePassword: { type: Boolean, default: false },
  groups: { type: [String], default: [], index: true },
  disabled: { type: Boolean, default: false },
  mfaRegistrationStartedAt: { type: Date },
  mfaGraceExtensionDays: { type: Number, default: 0 },
  sessionsValidAfter: { type: Date },
  lastSignInAt: { type: Date },
}, { timestamps: true, collection: 'users' });

export const User = (mongoose.models.User as mongoose.Model<UserRecord> | undefined) ?? mongoose.model<UserRecord>('User', userSchema);
