/**
 * Admin console sessions: an area session (src/http/area-session.ts) on `/admin`, 30 minutes idle,
 * with the MFA strength its sign-in proved (a record without one proved only `mfa`).
 */
import mongoose, { Schema } from 'mongoose';
import { MINUTE } from '../clock.ts';
import { areaSessions, type AreaSessionRecord } from '../http/area-session.ts';
import type { MfaStrength } from '../mfa/strength.ts';

export interface AdminSessionRecord extends AreaSessionRecord { strength?: MfaStrength }

const adminSessionSchema = new Schema<AdminSessionRecord>({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  strength: { type: String },
}, { collection: 'admin_console_sessions', versionKey: false });

const AdminSession = (mongoose.models.AdminSession as mongoose.Model<AdminSessionRecord> | undefined)
  ?? mongoose.model<AdminSessionRecord>('AdminSession', adminSessionSchema);

export const adminSessions = areaSessions({ cookie: 'vigil_admin', path: '/admin', idleMs: 30 * MINUTE, model: AdminSession });
