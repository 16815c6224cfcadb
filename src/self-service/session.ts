/**
 * Security-info sessions: a random cookie (HttpOnly, SameSite=Strict, path /security-info)
 * pointing at a stored record with an idle expiry. Changes need a fresh proof of identity
 * (MFA, or the password where it is the only factor) within FRESH_FOR_MS.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { MINUTE } from '../clock.ts';
import { SelfServiceSession, type SelfServiceSessionRecord } from '../models/self-service-session.ts';

export const COOKIE = 'vigil_security_info';
export const IDLE_MS = 30 * MINUTE;
export const FRESH_FOR_MS = 5 * MINUTE;

function idFor(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function cookieOptions(ctx: Context) {
  return { httpOnly: true, sameSite: 'strict' as const, path: '/security-info', secure: ctx.secure, signed: false, overwrite: true };
}

export async function createSession(ctx: Context, userId: string, now: Date, freshAt: Date): Promise<SelfServiceSessionRecord> {
  const token = randomBytes(32).toString('base64url');
  const record = await SelfServiceSession.create({ _id: idFor(token), userId, createdAt: now, freshAt, expiresAt: new Date(now.getTime() + IDLE_MS) });
  ctx.cookies.set(COOKIE, token, cookieOptions(ctx));
  return record.toObject();
}

export async function currentSession(ctx: Context, now: Date): Promise<SelfServiceSessionRecord | null> {
  const token = ctx.cookies.get(COOKIE);
  if (!token || token.length > 100) return null;
  const id = idFor(token);
  const record = await SelfServiceSession.findOneAndUpdate(
    { _id: id, expiresAt: { $gt: now } },
    { $set: { expiresAt: new Date(now.getTime() + IDLE_MS) } },
    { returnDocument: 'after' },
  ).lean<SelfServiceSessionRecord>();
  return record;
}

export function isFresh(session: SelfServiceSessionRecord, now: Date): boolean {
  return now.getTime() - session.freshAt.getTime() <= FRESH_FOR_MS;
}

export async function markFresh(session: SelfServiceSessionRecord, now: Date): Promise<void> {
  await SelfServiceSession.updateOne({ _id: session._id }, { $set: { freshAt: now } });
}

export async function endSession(ctx: Context, session: SelfServiceSessionRecord | null): Promise<void> {
  if (session) await SelfServiceSession.deleteOne({ _id: session._id });
  ctx.cookies.set(COOKIE, null, cookieOptions(ctx));
}

export async function endAllSessionsOf(userId: string): Promise<void> {
  await SelfServiceSession.deleteMany({ userId });
}
