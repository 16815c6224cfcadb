/**
 * The local blocklist of common and breached passwords (NIST SP 800-63B §3.1.1.2: new passwords
 * are compared against values known to be commonly used or compromised). The risk engine's
 * leaked-credentials detection asks the same corpus about a password seen at sign-in.
 *
 * Entries are stored as NFC-normalised, lower-cased plaintext: the list is public data, and
 * case-insensitive matching is deliberate, because "Password" and "PASSWORD" are tried by every
 * guessing attack right after "password". Lookups are an O(1) Set probe.
 *
 * File format: one password per line, blank lines and lines starting with "#" ignored, surrounding
 * whitespace trimmed (so a password that itself starts with "#" cannot be listed).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { normalizePassword } from './password-normalize.ts';

export const DEFAULT_BREACHED_PASSWORDS_FILE = resolve(import.meta.dirname, '..', '..', 'config', 'breached-passwords.txt');

export interface BreachedCorpus {
  /** True when the password (any letter case) is on the list. */
  isBreached(password: string): boolean;
  readonly size: number;
}

export function createBreachedCorpus(passwords: Iterable<string>): BreachedCorpus {
  const entries = new Set<string>();
  for (const password of passwords) {
    const key = corpusKey(password.trim());
    if (key !== '') entries.add(key);
  }
  return {
    isBreached: (password) => entries.has(corpusKey(password)),
    size: entries.size,
  };
}

export function parseBreachedPasswordList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Reads the list file; a missing or unreadable file throws, since it is required configuration. */
export async function loadBreachedCorpus(path: string = DEFAULT_BREACHED_PASSWORDS_FILE): Promise<BreachedCorpus> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the breached-password list ${path}: ${(error as Error).message}`, { cause: error });
  }
  return createBreachedCorpus(parseBreachedPasswordList(text));
}

function corpusKey(password: string): string {
  return normalizePassword(password).toLowerCase();
}
