import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import {
  createBreachedCorpus,
  DEFAULT_BREACHED_PASSWORDS_FILE,
  loadBreachedCorpus,
  parseBreachedPasswordList,
} from '../../../src/password/breached-passwords.ts';

describe('parseBreachedPasswordList', () => {
  it('skips comments and blank lines, trims, and handles CRLF', () => {
    expect(parseBreachedPasswordList('# header\r\npassword\r\n\r\n  letmein  \n#comment\nqwerty')).toEqual([
      'password',
      'letmein',
      'qwerty',
    ]);
  });
});

describe('createBreachedCorpus', () => {
  const corpus = createBreachedCorpus(['Password', 'caf\u00e9123', '  spaced  ', '']);

  it('matches case-insensitively after NFC', () => {
    expect(corpus.isBreached('password')).toBe(true);
    expect(corpus.isBreached('PASSWORD')).toBe(true);
    expect(corpus.isBreached('cafe\u0301123')).toBe(true);
    expect(corpus.isBreached('spaced')).toBe(true);
    expect(corpus.size).toBe(3);
  });

  it('does not match other or partial passwords', () => {
    expect(corpus.isBreached('password1')).toBe(false);
    expect(corpus.isBreached('passwor')).toBe(false);
    expect(corpus.isBreached('')).toBe(false);
  });
});

describe('loadBreachedCorpus', () => {
  it('loads the shipped list of the 10,000 most common passwords', async () => {
    const corpus = await loadBreachedCorpus();
    expect(DEFAULT_BREACHED_PASSWORDS_FILE).toMatch(/config[/\\]breached-passwords\.txt$/);
    expect(corpus.size).toBe(10_000);
    for (const common of ['123456', 'password', 'Qwerty', 'iloveyou', 'dragon', 'football']) {
      expect(corpus.isBreached(common)).toBe(true);
    }
    expect(corpus.isBreached('tangerine-Lobster-77')).toBe(false);
    expect(corpus.isBreached('# Vigil: common and breached passwords')).toBe(false);
  });

  it('loads a configured file and fails loudly, naming it, when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-breached-'));
    try {
      const file = join(dir, 'list.txt');
      writeFileSync(file, '# ours\nAcmeCorp2024\n');
      const corpus = await loadBreachedCorpus(file);
      expect(corpus.isBreached('acmecorp2024')).toBe(true);
      expect(corpus.isBreached('password')).toBe(false);
      await expect(loadBreachedCorpus(join(dir, 'missing.txt'))).rejects.toThrow(/missing\.txt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
