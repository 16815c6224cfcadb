/**
 * One canonical form for every password before it is hashed, compared or measured.
 *
 * NIST SP 800-63B §3.1.1.2: Unicode passwords are normalised (we use NFC, so "é" typed as one
 * code point or as "e" + combining accent is the same password on every device), every printing
 * character and space is accepted, and a password is never truncated. Lengths are counted in
 * Unicode code points, not UTF-16 units, so an emoji counts as one character.
 */

export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Length in code points of the normalised password (what the length rules count). */
export function passwordLength(password: string): number {
  let count = 0;
  for (const _ of normalizePassword(password)) count += 1;
  return count;
}
