/**
 * Short numeric codes sent by e-mail (password reset, e-mail verification): uniform digits from
 * the CSPRNG (crypto.randomInt, no modulo bias), at least 6 digits (NIST SP 800-63B §5.1.3).
 *
 * Stored as HMAC-SHA256 under a server-side pepper, never as a plain hash: a million possible
 * codes are enumerated in milliseconds from a leaked plain digest, but not without the pepper,
 * which lives outside the database. The purpose string (e.g. `password-reset:<flowId>`) is
 * part of the MAC, so a code issued for one flow or purpose never verifies for another.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

const MIN_DIGITS = 6;
const MAX_DIGITS = 12;
const MIN_PEPPER_BYTES = 32;

export function generateNumericCode(digits = 6): string {
  if (!Number.isSafeInteger(digits) || digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new RangeError(`One-time codes need ${MIN_DIGITS}-${MAX_DIGITS} digits, got ${digits}`);
  }
  // randomInt's range is limited to 2^48, so build long codes from two halves.
  const high = digits > 6 ? randomInt(10 ** (digits - 6)).toString().padStart(digits - 6, '0') : '';
  const low = randomInt(10 ** Math.min(digits, 6)).toString().padStart(Math.min(digits, 6), '0');
  return high + low;
}

/** Strips spaces and dashes users type between digit groups; null if what is left is not all digits. */
export function normalizeNumericCode(input: string, digits = 6): string | null {
  const cleaned = input.normalize('NFKC').replace(/[\s-]+/g, '');
  return new RegExp(`^\\d{${digits}}$`).test(cleaned) ? cleaned : null;
}

/** Hex HMAC-SHA256(pepper, purpose ‖ NUL ‖ code). */
export function hashOneTimeCode(code: string, pepper: Buffer, purpose: string): string {
  if (pepper.length < MIN_PEPPER_BYTES) throw new Error(`One-time code pepper must be at least ${MIN_PEPPER_BYTES} bytes`);
  if (purpose === '' || purpose.includes('\0')) throw new Error('One-time code purpose must be non-empty and contain no NUL');
  return createHmac('sha256', pepper).update(`${purpose}\0${code}`, 'utf8').digest('hex');
}

/** Constant-time equality of two stored/computed hashes (length is not secret). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
