import { describe, expect, it } from 'vitest';
import { checkRecipient, cleanHeaderText } from '../../../src/mail/safe-header.ts';
import { singleLine } from '../../../src/mail/single-line.ts';

describe('checkRecipient', () => {
  it('accepts one bare address, trimmed', () => {
    expect(checkRecipient('alice@example.com')).toEqual({ ok: true, address: 'alice@example.com' });
    expect(checkRecipient('  first.last+tag@sub.example.co.uk ')).toEqual({ ok: true, address: 'first.last+tag@sub.example.co.uk' });
    expect(checkRecipient('dev@localhost')).toEqual({ ok: true, address: 'dev@localhost' });
    expect(checkRecipient('jörg@müller.example').ok).toBe(true);
  });

  it('refuses CR/LF header injection', () => {
    expect(checkRecipient('victim@x.test\r\nBcc: evil@x.test')).toEqual({ ok: false, problem: 'control-character' });
    expect(checkRecipient('victim@x.test\nBcc: evil@x.test')).toEqual({ ok: false, problem: 'control-character' });
    expect(checkRecipient('victim@x.test\r')).toEqual({ ok: false, problem: 'control-character' });
    expect(checkRecipient('victim@x.test\u0000')).toEqual({ ok: false, problem: 'control-character' });
    expect(checkRecipient('victim@x.test\u2028Bcc: evil@x.test')).toEqual({ ok: false, problem: 'control-character' });
  });

  it('refuses lists, display names and brackets', () => {
    expect(checkRecipient('victim@x.test, evil@x.test')).toEqual({ ok: false, problem: 'multiple-addresses' });
    expect(checkRecipient('victim@x.test;evil@x.test')).toEqual({ ok: false, problem: 'multiple-addresses' });
    expect(checkRecipient('Victim <victim@x.test>')).toEqual({ ok: false, problem: 'display-name-or-brackets' });
    expect(checkRecipient('<victim@x.test>')).toEqual({ ok: false, problem: 'display-name-or-brackets' });
    expect(checkRecipient('"evil@x.test"@x.test')).toEqual({ ok: false, problem: 'display-name-or-brackets' });
  });

  it('refuses malformed shapes', () => {
    for (const bad of ['', '   ', 'no-at-sign', '@x.test', 'a@', 'a@@x.test', 'a@b@x.test', 'a b@x.test', 'a@x..test', 'a@-x.test', '.a@x.test', 'a..b@x.test', 'a@x.test:25', 'a@(x).test']) {
      expect(checkRecipient(bad).ok, bad).toBe(false);
    }
    expect(checkRecipient('')).toEqual({ ok: false, problem: 'empty' });
  });

  it('refuses over-long addresses', () => {
    expect(checkRecipient(`${'a'.repeat(65)}@x.test`)).toEqual({ ok: false, problem: 'too-long' });
    expect(checkRecipient(`a@${'b'.repeat(250)}.test`)).toEqual({ ok: false, problem: 'too-long' });
  });
});

describe('cleanHeaderText', () => {
  it('flattens CR/LF and strips control characters', () => {
    expect(cleanHeaderText('Hello\r\nBcc: evil@x.test')).toBe('Hello Bcc: evil@x.test');
    expect(cleanHeaderText('a\u0000b\u0007c\u007fd\u0085e')).toBe('a b c d e');
    expect(cleanHeaderText('  tabs\tand   spaces  ')).toBe('tabs and spaces');
  });

  it('removes bidi overrides and zero-width characters', () => {
    expect(cleanHeaderText('invoice\u202Efdp.exe\u200B')).toBe('invoice fdp.exe');
  });

  it('keeps non-ASCII text and bounds the length', () => {
    expect(cleanHeaderText('Grüße 👋')).toBe('Grüße 👋');
    const long = cleanHeaderText('x'.repeat(1_000));
    expect(Array.from(long)).toHaveLength(250);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('singleLine', () => {
  it('never splits a surrogate pair when shortening', () => {
    const out = singleLine('😀'.repeat(10), 5);
    expect(out).toBe('😀😀😀😀…');
    expect(out.isWellFormed()).toBe(true);
  });
});
