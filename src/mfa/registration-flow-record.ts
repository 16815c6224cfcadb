/**
 * A persisted enrollment wizard (combined registration, src/mfa/registration-wizard.ts): a
 * method's pages (the app, then its recovery codes), then an e-mail address for password reset.
 * It has a state, an expiry, and belongs to one place (an interaction or a security-info
 * session), so a flow id from elsewhere is useless.
 */
import mongoose, { Schema } from 'mongoose';
import type { MfaMethodId } from './method-names.ts';

/** A method's id while its page shows (`totp`, `recovery`: the names flows have always stored), then the wizard's own steps. */
export type RegistrationState = MfaMethodId | 'email' | 'email_code' | 'done';

export interface RegistrationFlowRecord {
  _id: string;
  userId: string;
  /** `interaction:<uid>` or `security-info:<session id>`. */
  boundTo: string;
  state: RegistrationState;
  /** The method the flow registers (its first page's). */
  method?: MfaMethodId;
  /** The app's: its new secret, sealed. */
  sealedSecret?: string;
  /** The app's: the TOTP authenticator that existed when the flow began (only one flow may replace it). */
  replaces?: string;
  /** Recovery codes generated for this flow, shown once (sealed until shown). */
  sealedRecoveryCodes?: string;
  email?: string;
  emailCodeHash?: string;
  emailCodeExpiresAt?: Date;
  emailCodeAttempts: number;
  createdAt: Date;
  expiresAt: Date;
}

const registrationFlowSchema = new Schema<RegistrationFlowRecord>({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  boundTo: { type: String, required: true },
  state: { type: String, required: true },
  method: { type: String },
  sealedSecret: { type: String },
  replaces: { type: String },
  sealedRecoveryCodes: { type: String },
  email: { type: String },
  emailCodeHash: { type: String },
  emailCodeExpiresAt: { type: Date },
  emailCodeAttempts: { type: Number, default: 0 },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'registration_flows', versionKey: false });

export const RegistrationFlow = (mongoose.models.RegistrationFlow as mongoose.Model<RegistrationFlowRecord> | undefined)
  ?? mongoose.model<RegistrationFlowRecord>('RegistrationFlow', registrationFlowSchema);

/** The method a flow registers: a flow written before `method` was recorded could only be the app's. */
export function registeredMethodOf(flow: Pick<RegistrationFlowRecord, 'method'>): MfaMethodId {
  return flow.method ?? 'totp';
}
