/** What people type to sign in, as every lookup and every stored login compares it. */
export function normaliseIdentifier(input: string): string {
  return input.normalize('NFC').trim().toLowerCase();
}

/** Usernames: lower-case letters, digits, dot, dash and underscore; 1-64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}

/** No spaces, no control characters (a CR or an ESC in an address reaches mail headers and terminals). */
export const EMAIL_PATTERN = /^[^\s\p{Cc}@<>(),;:"\\]{1,64}@[^\s\p{Cc}@<>(),;:"\\]{1,255}\.[^\s\p{Cc}@<>(),;:"\\]{2,63}$/u;

export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_PATTERN.test(email);
}

/** Display names (the `name` claim): printable text, 1-128 characters; no control characters or line breaks. */
export function isValidDisplayName(name: string): boolean {
  return name.trim().length > 0 && name.length <= 128 && !/[\p{Cc}\u2028\u2029]/u.test(name);
}
