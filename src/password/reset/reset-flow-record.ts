/**
 * One self-service password reset, as a persisted flow: which methods this account must verify,
 * which were, the way the user chose to verify next, failed attempts and the flow's own expiry.
 * A flow for an unknown or out-of-scope account has no user and can never succeed, so every
 * answer looks the same whether or not the account exists.
 */
import mongoose, { Schema } from 'mongoose';
import type { MfaMethodId } from '../../mfa/method.ts';

/**
 * What an account must verify: its reset e-mail, and its MFA (`totp`, the name flows have always
 * stored: the app, a recovery code or a passkey proves it).
 */
export type ResetMethod = 'email' | 'totp';
/** What the user chooses on the page: the e-mail, or one of the MFA methods (README). */
export type ResetChoice = 'email' | MfaMethodId;
export type ResetState = 'choose' | 'verify' | 'password' | 'done';

export interface ResetFlowRecord {
  _id: string;
  interactionUid: string;
  /** This reset's number within its sign-in (1, 2, …): the highest is the live one. */
  seq?: number;
  /** Whose reset limits this flow counts against: the user's id, or `name:<what was typed>`. */
  accountKey: string;
  userId?: string;
  state: ResetState;
  required: ResetMethod[];
  verified: ResetMethod[];
  chosen?: ResetChoice;
  failedAttempts: number;
  /** Passkey challenges issued to this flow (bounded: each is a stored record). */
  passkeyOptions?: number;
  createdAt: Date;
  expiresAt: Date;
}

const resetFlowSchema = new Schema<ResetFlowRecord>({
  _id: { type: String, required: true },
  interactionUid: { type: String, required: true, index: true },
  seq: { type: Number },
  accountKey: { type: String, required: true },
  userId: { type: String },
  state: { type: String, required: true },
  required: { type: [String], default: [] },
  verified: { type: [String], default: [] },
  chosen: { type: String },
  failedAttempts: { type: Number, default: 0 },
  passkeyOptions: { type: Number },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'reset_flows', versionKey: false });

export const ResetFlow = (mongoose.models.ResetFlow as mongoose.Model<ResetFlowRecord> | undefined)
  ?? mongoose.model<ResetFlowRecord>('ResetFlow', resetFlowSchema);
