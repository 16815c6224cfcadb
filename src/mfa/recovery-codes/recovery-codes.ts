/**
 * Single-use recovery codes (NIST SP 800-63B §5.1.2 look-up secrets): each code carries 80 bits
 * from the CSPRNG (≥ 64 required), shown once as 16 Crockford base32 characters in four groups
 * ("7K3M-Q9TD-2HXW-B4RN"), so no 0/O or 1/I/L confusion when read off paper.
 *
 * Stored as unsalted SHA-256: a slow or salted hash protects low-entropy secrets such as
 * passwords, but guessing an 80-bit random value against SHA-256 is out of reach, and an
 * unsalted digest lets the verifier find a code by indexed lookup. Input is forgiving (case,
 * spaces, dashes, Crockford's O→0 and I/L→1) because it is typed from paper under stress.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 16;
const GROUP = 4;

/** Codes in display form, e.g. "7K3M-Q9TD-2HXW-B4RN". */
export function generateRecoveryCodes(count = 10): string[] {
  if (!Number.isSafeInteger(count) || count < 1 || count > 100) throw new RangeError(`Recovery code count must be 1-100, got ${count}`);
  const codes = new Set<string>();
  while (codes.size < count) codes.add(formatRecoveryCode(randomCanonicalCode()));
  return [...codes];
}

/** Canonical form (16 upper-case Crockford characters, no dashes), or null if it cannot be a code. */
export function normalizeRecoveryCode(input: string): string | null {
  const cleaned = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015_]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== CODE_CHARS) return null;
  for (const char of cleaned) if (!ALPHABET.includes(char)) return null;
  return cleaned;
}

/** True when the input is shaped like a recovery code rather than a 6-digit TOTP code. */
export function looksLikeRecoveryCode(input: string): boolean {
  return normalizeRecoveryCode(input) !== null;
}

export function formatRecoveryCode(code: string): string {
  const canonical = normalizeRecoveryCode(code);
  if (!canonical) throw new Error('Not a recovery code');
  return canonical.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/** Hex SHA-256 of the canonical form. Throws on input that is not a code: check it first. */
export function hashRecoveryCode(code: string): string {
  const canonical = normalizeRecoveryCode(code);
  if (!canonical) throw new Error('Cannot hash something that is not a recovery code; normalise and check it first');
  return createHash('sha256').update(canonical, 'ascii').digest('hex');
}

export type RecoveryCodeMatch = { ok: true; index: number } | { ok: false; reason: 'MALFORMED' | 'NO_MATCH' };

/**
 * Finds which unused stored hash the input matches, comparing against every entry in constant
 * time. The caller then removes (or marks used) that entry atomically, so each code works once.
 */
export function matchRecoveryCode(input: string, storedHashes: readonly string[]): RecoveryCodeMatch {
  if (!normalizeRecoveryCode(input)) return { ok: false, reason: 'MALFORMED' };
  const candidate = Buffer.from(hashRecoveryCode(input), 'utf8');
  let found = -1;
  storedHashes.forEach((stored, index) => {
    const bytes = Buffer.from(stored, 'utf8');
    if (bytes.length === candidate.length && timingSafeEqual(bytes, candidate) && found < 0) found = index;
  });
  return found >= 0 ? { ok: true, index: found } : { ok: false, reason: 'NO_MATCH' };
}

function randomCanonicalCode(): string {
  let code = '';
  for (let i = 0; i < CODE_CHARS; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
