/**
 * Collapses a value to one line of plain text. Anything that came from a user or a request
 * (username, user agent, method nickname, location) goes through this before it is placed in a
 * header or a body, so it cannot add header lines, forge extra paragraphs, or hide text behind
 * bidi/zero-width tricks, and a pathological user agent cannot bloat a message.
 */

// C0 controls (CR and LF included), DEL, C1 controls, Unicode line/paragraph separators,
// bidi embeddings/overrides/isolates and zero-width characters.
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\u200b-\\u200f\\ufeff]';
const UNSAFE_RUNS = new RegExp(`${UNSAFE_CLASS}+`, 'g');
const UNSAFE_ANY = new RegExp(UNSAFE_CLASS);

export const DEFAULT_MAX_LENGTH = 200;

export function singleLine(value: string, maxLength: number = DEFAULT_MAX_LENGTH): string {
  const flat = value.replace(UNSAFE_RUNS, ' ').replace(/\s+/g, ' ').trim();
  // Count and cut on code points so a surrogate pair is never split into an invalid half.
  const chars = Array.from(flat);
  if (chars.length <= maxLength) return flat;
  return chars.slice(0, Math.max(0, maxLength - 1)).join('').trimEnd() + '…';
}

/** True when the value holds a character singleLine would remove (for refusing, not repairing). */
export function hasUnsafeCharacters(value: string): boolean {
  return UNSAFE_ANY.test(value);
}
