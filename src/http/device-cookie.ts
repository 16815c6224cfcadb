/**
 * A long-lived, signed, HttpOnly device cookie: a random id that lets the risk engine tell a
 * known browser from a new one. Signed with COOKIE_KEYS, so a forged or edited id is ignored
 * and a new one issued.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';

export const DEVICE_COOKIE = 'vigil_device';
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;

/** The browser's device id if it has a valid signed one; issues none (for pages that only look). */
export function existingDeviceIdOf(ctx: Context): string | undefined {
  const existing = ctx.cookies.get(DEVICE_COOKIE, { signed: true });
  return existing && /^[A-Za-z0-9_-]{22}$/.test(existing) ? existing : undefined;
}

export function deviceIdOf(ctx: Context): string {
  const existing = existingDeviceIdOf(ctx);
  if (existing) return existing;
  const id = randomBytes(16).toString('base64url');
  ctx.cookies.set(DEVICE_COOKIE, id, { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: TWO_YEARS_MS, overwrite: true });
  return id;
}
