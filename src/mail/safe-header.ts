/**
 * Header hygiene for outgoing mail. A value that reaches a header must never carry CR/LF (header
 * injection: `victim@x.test\r\nBcc: evil@x.test`) or other control characters. Free text
 * (subject, display name) is cleaned; a recipient address is refused instead, because silently
 * "repairing" an address could deliver a code or reset link to someone else.
 */
import { hasUnsafeCharacters, singleLine } from './single-line.ts';

// RFC 5322 allows 998 octets per line; nodemailer folds, but a subject this long is a bug anyway.
const MAX_HEADER_TEXT = 250;
// RFC 5321: 64 octets local part, 254 for the whole forward path.
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

/** Subject lines and display names: one line, no control characters, bounded length. */
export function cleanHeaderText(value: string): string {
  return singleLine(value, MAX_HEADER_TEXT);
}

export type RecipientProblem =
  | 'empty'
  | 'control-character'
  | 'multiple-addresses'
  | 'display-name-or-brackets'
  | 'invalid-shape'
  | 'too-long';

export type RecipientCheck = { ok: true; address: string } | { ok: false; problem: RecipientProblem };

// Printable, no whitespace, nothing that addressparser would treat as structure.
const LOCAL_PART = /^[^\s@,;:<>()[\]\\"]+$/u;
// Unicode letters allowed so internationalised domains pass (nodemailer punycodes them).
const DOMAIN = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*$/u;

/**
 * Accepts exactly one bare address (`user@example.com`), never a list, a display-name form or a
 * quoted local part: those are legal in RFC 5322 but nobody needs them for an account address,
 * and each one is a way to smuggle a second recipient past a naive check.
 */
export function checkRecipient(value: string): RecipientCheck {
  if (hasUnsafeCharacters(value)) return { ok: false, problem: 'control-character' };
  const address = value.trim();
  if (address === '') return { ok: false, problem: 'empty' };
  if (/[,;]/.test(address)) return { ok: false, problem: 'multiple-addresses' };
  if (/[<>"]/.test(address)) return { ok: false, problem: 'display-name-or-brackets' };
  if (address.length > MAX_ADDRESS) return { ok: false, problem: 'too-long' };
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return { ok: false, problem: 'invalid-shape' };
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > MAX_LOCAL) return { ok: false, problem: 'too-long' };
  if (!LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, problem: 'invalid-shape' };
  }
  if (!DOMAIN.test(domain)) return { ok: false, problem: 'invalid-shape' };
  return { ok: true, address };
}
