/**
 * Admin console sessions: a random cookie (HttpOnly, SameSite=Strict, path /admin) pointing at a
 * record stored by the SHA-256 of its value (a database read hands out no live session), with a
 * short idle expiry. Separate from the OIDC session and from security info's.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import mongoose, { Schema } from 'mongoose';
import { MINUTE } from '../clock.ts';

export const ADMIN_COOKIE = 'vigil_admin';
export const ADMIN_IDLE_MS = 30 * MINUTE;

export interface AdminSessionRecord {
  _id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

const adminSessionSchema = new Schema<AdminSessionRecord>({
  _id: { type: String, required: true },
  userId: { type: String, required: true, index: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
}, { collection: 'admin_console_sessions', versionKey: false });

export const AdminSession = (mongoose.models.AdminSession as mongoose.Model<AdminSessionRecord> | undefined)
  ?? mongoose.model<AdminSessionRecord>('AdminSession', adminSessionSchema);

const idFor = (token: string): string => createHash('sha256').update(token).digest('base64url');

function cookieOptions(ctx: Context) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/admin', secure: ctx.secure, signed: false, overwrite: true };
}

export async function openAdminSession(ctx: Context, userId: string, now: Date): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await AdminSession.create({ _id: idFor(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + ADMIN_IDLE_MS) });
  ctx.cookies.set(ADMIN_COOKIE, token, cookieOptions(ctx));
}

/** The live session of this request (read by `_id`), its idle expiry moved on; null if none or expired. */
export async function currentAdminSession(ctx: Context, now: Date): Promise<AdminSessionRecord | null> {
  const token = ctx.cookies.get(ADMIN_COOKIE);
  if (!token || token.length > 100) return null;
  return AdminSession.findOneAndUpdate(
    { _id: idFor(token), expiresAt: { $gt: now } },
    { $set: { expiresAt: new Date(now.getTime() + ADMIN_IDLE_MS) } },
    { returnDocument: 'after' },
  ).lean<AdminSessionRecord>();
}

export async function endAdminSession(ctx: Context, session: AdminSessionRecord | null): Promise<void> {
  if (session) await AdminSession.deleteOne({ _id: session._id });
  ctx.cookies.set(ADMIN_COOKIE, null, cookieOptions(ctx));
}
