import { describe, it, expect } from 'vitest';
import {
  formatRecoveryCode,
  generateRecoveryCodes,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchRecoveryCode,
  normalizeRecoveryCode,
} from '../../../src/mfa/recovery-codes/recovery-codes.ts';

const DISPLAY = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

describe('generateRecoveryCodes', () => {
  it('makes 10 distinct codes by default, in four groups of four Crockford characters', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(DISPLAY);
    expect(generateRecoveryCodes(3)).toHaveLength(3);
  });

  it('draws from all 32 symbols (16 × 5 = 80 bits per code) and never from I, L, O or U', () => {
    const chars = new Set(generateRecoveryCodes(100).join('').replaceAll('-', ''));
    expect(chars.size).toBe(32);
    for (const excluded of 'ILOU') expect(chars.has(excluded)).toBe(false);
  });

  it('refuses silly counts', () => {
    expect(() => generateRecoveryCodes(0)).toThrow(RangeError);
    expect(() => generateRecoveryCodes(1.5)).toThrow(RangeError);
  });
});

describe('normalizeRecoveryCode', () => {
  it('accepts lower case, spaces, dashes and Crockford look-alikes', () => {
    expect(normalizeRecoveryCode('7k3m-q9td-2hxw-b4rn')).toBe('7K3MQ9TD2HXWB4RN');
    expect(normalizeRecoveryCode(' 7K3M Q9TD  2HXW B4RN ')).toBe('7K3MQ9TD2HXWB4RN');
    expect(normalizeRecoveryCode('oooo-iiii-llll-0000')).toBe('0000111111110000');
    expect(normalizeRecoveryCode('７K3M–Q9TD–2HXW–B4RN')).toBe('7K3MQ9TD2HXWB4RN');
  });

  it('rejects wrong lengths, symbols outside the alphabet and TOTP codes', () => {
    expect(normalizeRecoveryCode('7K3M-Q9TD-2HXW-B4R')).toBeNull();
    expect(normalizeRecoveryCode('7K3M-Q9TD-2HXW-B4RNN')).toBeNull();
    expect(normalizeRecoveryCode('UK3M-Q9TD-2HXW-B4RN')).toBeNull();
    expect(normalizeRecoveryCode('7K3M-Q9TD-2HXW-B4R!')).toBeNull();
    expect(normalizeRecoveryCode('123456')).toBeNull();
  });
});

describe('looksLikeRecoveryCode', () => {
  it('tells a recovery code from a 6-digit TOTP code', () => {
    expect(looksLikeRecoveryCode('7k3m-q9td-2hxw-b4rn')).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode('123 456')).toBe(false);
  });
});

describe('formatRecoveryCode', () => {
  it('formats the canonical form for display', () => {
    expect(formatRecoveryCode('7k3mq9td2hxwb4rn')).toBe('7K3M-Q9TD-2HXW-B4RN');
    expect(() => formatRecoveryCode('nope')).toThrow();
  });
});

describe('hashRecoveryCode', () => {
  it('hashes the canonical form with SHA-256, so sloppy input matches the issued code', () => {
    const hash = hashRecoveryCode('7K3M-Q9TD-2HXW-B4RN');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('7k3m q9td 2hxw b4rn')).toBe(hash);
    // SHA-256("7K3MQ9TD2HXWB4RN")
    expect(hash).toBe('3f1a36b36332e6edc285a3e56879889a72df88afa6e25f02cf08aca89fb55589');
    expect(hashRecoveryCode('7K3M-Q9TD-2HXW-B4RP')).not.toBe(hash);
  });

  it('throws on input that is not a code', () => {
    expect(() => hashRecoveryCode('123456')).toThrow(/not a recovery code/);
  });
});

describe('matchRecoveryCode', () => {
  const codes = generateRecoveryCodes(5);
  const hashes = codes.map(hashRecoveryCode);

  it('finds which stored code was entered', () => {
    expect(matchRecoveryCode(codes[2]!.toLowerCase(), hashes)).toEqual({ ok: true, index: 2 });
    expect(matchRecoveryCode(codes[0]!, hashes)).toEqual({ ok: true, index: 0 });
  });

  it('reports NO_MATCH for a well-formed unknown code and MALFORMED for junk', () => {
    const other = generateRecoveryCodes(1)[0]!;
    expect(matchRecoveryCode(other, hashes)).toEqual({ ok: false, reason: 'NO_MATCH' });
    expect(matchRecoveryCode(codes[0]!, [])).toEqual({ ok: false, reason: 'NO_MATCH' });
    expect(matchRecoveryCode('123456', hashes)).toEqual({ ok: false, reason: 'MALFORMED' });
  });
});
