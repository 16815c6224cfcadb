/**
 * The login index: one document per name a person signs in with — `username:<name>` and, when
 * the user has one, `email:<address>` — pointing to the user. A sign-in finds the user by two
 * `_id` reads, because FerretDB 1.x (the embedded default) evaluates any other filter by decoding
 * every user (figures: bench/README.md, "FerretDB 1.24 and collection sizes").
 *
 * The index is authoritative (src/users/login-index.ts): a login is claimed here before its user
 * is written, so a duplicate `_id` insert — atomic on every server — also keeps names unique.
 */
import mongoose, { Schema, type Types } from 'mongoose';

export interface UserLoginRecord {
  _id: string;
  userId: Types.ObjectId;
  createdAt: Date;
}

const userLoginSchema = new Schema<UserLoginRecord>({
  _id: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
}, { collection: 'user_logins', versionKey: false });

export const UserLogin = (mongoose.models.UserLogin as mongoose.Model<UserLoginRecord> | undefined)
  ?? mongoose.model<UserLoginRecord>('UserLogin', userLoginSchema);
