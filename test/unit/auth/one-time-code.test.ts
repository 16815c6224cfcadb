import { describe, it, expect } from 'vitest';
import { generateNumericCode, hashOneTimeCode, normalizeNumericCode, sameHash } from '../../../src/crypto/one-time-code.ts';

const pepper = Buffer.alloc(32, 7);

describe('generateNumericCode', () => {
  it('returns 6 digits by default, keeping leading zeros, and longer codes on request', () => {
    expect(generateNumericCode()).toMatch(/^\d{6}$/);
    expect(generateNumericCode(8)).toMatch(/^\d{8}$/);
    expect(generateNumericCode(12)).toMatch(/^\d{12}$/);
  });

  it('is roughly uniform in every position (no modulo bias, zeros included)', () => {
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < 5000; i += 1) {
      [...generateNumericCode()].forEach((digit, position) => (counts[position]![Number(digit)]! += 1));
    }
    // Expected 500 per digit and position; 350..650 is about ±7 standard deviations.
    for (const position of counts) for (const count of position) expect(count).toBeGreaterThan(350);
    for (const position of counts) for (const count of position) expect(count).toBeLessThan(650);
  });

  it('refuses fewer than 6 or more than 12 digits', () => {
    expect(() => generateNumericCode(5)).toThrow(RangeError);
    expect(() => generateNumericCode(13)).toThrow(RangeError);
    expect(() => generateNumericCode(6.5)).toThrow(RangeError);
  });
});

describe('normalizeNumericCode', () => {
  it('strips grouping and rejects anything else', () => {
    expect(normalizeNumericCode(' 042 917 ')).toBe('042917');
    expect(normalizeNumericCode('042-917')).toBe('042917');
    expect(normalizeNumericCode('０４２９１７')).toBe('042917');
    expect(normalizeNumericCode('04291')).toBeNull();
    expect(normalizeNumericCode('04291a')).toBeNull();
    expect(normalizeNumericCode('12345678', 8)).toBe('12345678');
  });
});

describe('hashOneTimeCode', () => {
  it('is HMAC-SHA256(pepper, purpose NUL code)', () => {
    // openssl dgst -sha256 -mac HMAC -macopt hexkey:0707…07 over "password-reset:flow-1\0042917"
    expect(hashOneTimeCode('042917', pepper, 'password-reset:flow-1')).toBe(
      '090bec9c122bbf2ea685abf7f262d1ee969b8653e1c48734055a6a6d7c567529',
    );
  });

  it('depends on the code, the pepper and the purpose', () => {
    const hash = hashOneTimeCode('042917', pepper, 'password-reset:flow-1');
    expect(hashOneTimeCode('042918', pepper, 'password-reset:flow-1')).not.toBe(hash);
    expect(hashOneTimeCode('042917', Buffer.alloc(32, 8), 'password-reset:flow-1')).not.toBe(hash);
    expect(hashOneTimeCode('042917', pepper, 'password-reset:flow-2')).not.toBe(hash);
    expect(hashOneTimeCode('042917', pepper, 'email-verify:flow-1')).not.toBe(hash);
  });

  it('refuses a short pepper and an empty purpose', () => {
    expect(() => hashOneTimeCode('042917', Buffer.alloc(16), 'x')).toThrow(/pepper/);
    expect(() => hashOneTimeCode('042917', pepper, '')).toThrow(/purpose/);
  });
});

describe('sameHash', () => {
  it('compares exactly', () => {
    const hash = hashOneTimeCode('042917', pepper, 'p');
    expect(sameHash(hash, hashOneTimeCode('042917', pepper, 'p'))).toBe(true);
    expect(sameHash(hash, hashOneTimeCode('042916', pepper, 'p'))).toBe(false);
    expect(sameHash(hash, hash.slice(0, 63))).toBe(false);
    expect(sameHash('', '')).toBe(true);
  });
});
