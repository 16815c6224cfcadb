/**
 * Sessions of Vigil's own areas (security info, the admin console), each separate from the OIDC
 * session: a random cookie (HttpOnly, SameSite=Strict, scoped to the area's path) pointing at a
 * record stored by the SHA-256 of its value, so a database read hands out no live session; each
 * use moves the idle expiry on (honoured on read: FerretDB has no TTL indexes).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { Model } from 'mongoose';

export interface AreaSessionRecord {
  _id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface AreaSessions<R extends AreaSessionRecord> {
  open(ctx: Context, userId: string, now: Date, extra: Omit<R, keyof AreaSessionRecord>): Promise<R>;
  /** The live session of this request (read by `_id`), its idle expiry moved on; null if none or expired. */
  current(ctx: Context, now: Date): Promise<R | null>;
  end(ctx: Context, session: R | null): Promise<void>;
  endAllOf(userId: string): Promise<void>;
}

const idFor = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function areaSessions<R extends AreaSessionRecord>(options: { cookie: string; path: string; idleMs: number; model: Model<R> }): AreaSessions<R> {
  const { cookie, path, idleMs, model } = options;
  const cookieOptions = (ctx: Context) => ({ httpOnly: true, sameSite: 'strict' as const, path, secure: ctx.secure, signed: false, overwrite: true });
  return {
    async open(ctx, userId, now, extra) {
      const token = randomBytes(32).toString('base64url');
      const record = { ...extra, _id: idFor(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + idleMs) } as R;
      await model.create(record);
      ctx.cookies.set(cookie, token, cookieOptions(ctx));
      return record;
    },
    async current(ctx, now) {
      const token = ctx.cookies.get(cookie);
      if (!token || token.length > 100) return null;
      return model.findOneAndUpdate(
        { _id: idFor(token), expiresAt: { $gt: now } },
        { $set: { expiresAt: new Date(now.getTime() + idleMs) } },
        { returnDocument: 'after' },
      ).lean<R>();
    },
    async end(ctx, session) {
      if (session) await model.deleteOne({ _id: session._id });
      ctx.cookies.set(cookie, null, cookieOptions(ctx));
    },
    async endAllOf(userId) {
      await model.deleteMany({ userId });
    },
  };
}
