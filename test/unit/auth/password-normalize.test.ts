import { describe, it, expect } from 'vitest';
import { normalizePassword, passwordLength } from '../../../src/password/password-normalize.ts';

describe('normalizePassword', () => {
  it('turns decomposed characters into their composed NFC form', () => {
    expect(normalizePassword('cafe\u0301')).toBe('caf\u00e9');
    expect(normalizePassword('caf\u00e9')).toBe('caf\u00e9');
  });

  it('never truncates or trims', () => {
    const long = 'ab c '.repeat(1000);
    expect(normalizePassword(long)).toBe(long);
    expect(normalizePassword('  spaced  ')).toBe('  spaced  ');
  });
});

describe('passwordLength', () => {
  it('counts code points after NFC, not UTF-16 units', () => {
    expect(passwordLength('cafe\u0301')).toBe(4);
    expect(passwordLength('🦊🌲')).toBe(2);
    expect('🦊🌲'.length).toBe(4);
    expect(passwordLength('')).toBe(0);
  });
});
