/**
 * Text from the command line, a file or the database, made safe to print on a terminal as one
 * line: control characters (CR, LF, ESC, …), line separators and bidirectional overrides are
 * written as escapes (`\r`, `\u001b`), so an argument such as an e-mail address with a CR can
 * neither cut the line nor rewrite what the admin sees.
 */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
