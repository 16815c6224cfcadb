/**
 * Password storage: argon2id with the OWASP Password Storage Cheat Sheet minimum
 * (m=19 MiB, t=2, p=1), a random salt per hash (chosen by argon2), PHC string output.
 *
 * Passwords are NFC-normalised here, so no caller can hash one form and verify another.
 * Verification never throws on a bad stored value (it is just "no match"), and unknown
 * users are answered by `verifyAgainstDummy`, which does the same argon2 work as a real
 * check so response time does not reveal whether an account exists.
 */
import argon2 from 'argon2';
import { normalizePassword } from './password-normalize.ts';

export const PASSWORD_HASH_PARAMS = Object.freeze({
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * argon2id hash of a random, discarded secret made with PASSWORD_HASH_PARAMS. Its cost equals a
 * real user's hash; a test asserts it stays in step when the parameters change.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$oiG2ipFOvTnUq4dhP4ve3Q$poOKhSxajp1YYmAc9GFcF+j4eY+UZusekHDfEcYbdbY';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalizePassword(password), PASSWORD_HASH_PARAMS);
}

/** True only when `hash` is a valid argon2 hash of `password`. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (!hash.startsWith('$argon2')) return false;
  try {
    return await argon2.verify(hash, normalizePassword(password));
  } catch {
    return false;
  }
}

/** True when the hash should be replaced (after a successful sign-in) by one with today's parameters. */
export function needsRehash(hash: string): boolean {
  if (!hash.startsWith('$argon2id$')) return true;
  try {
    return argon2.needsRehash(hash, PASSWORD_HASH_PARAMS);
  } catch {
    return true;
  }
}

/** Spends one real verification's time and always answers false: for usernames that do not exist. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_PASSWORD_HASH, password);
  return false;
}
