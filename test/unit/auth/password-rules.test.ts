import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { createBreachedCorpus } from '../../../src/password/breached-passwords.ts';
import {
  assertPasswordPolicy,
  checkNewPassword,
  DEFAULT_PASSWORD_POLICY,
  type NewPasswordContext,
  type PasswordRuleResult,
} from '../../../src/password/password-rules.ts';

const corpus = createBreachedCorpus(['password', 'letmein', 'iloveyou', 'trustno1-forever']);

const base: NewPasswordContext = {
  ...DEFAULT_PASSWORD_POLICY,
  username: 'alice',
  email: 'alice.smith@acme.com',
  serviceName: 'Vigil',
  onlyFactor: false,
  corpus,
};

const STRONG = 'tangerine-Lobster-77';

async function check(password: string, overrides: Partial<NewPasswordContext> = {}): Promise<PasswordRuleResult> {
  return checkNewPassword(password, { ...base, ...overrides });
}

function code(result: PasswordRuleResult): string {
  return result.ok ? 'OK' : result.code;
}

describe('length (NIST: 8, or 15 as the only factor; at least 64 accepted)', () => {
  it('rejects 7 code points and accepts 8', async () => {
    expect(await check('x7#kQ2m')).toEqual({ ok: false, code: 'TOO_SHORT', messageId: 'password.tooShort', params: { min: 8 } });
    expect(code(await check('x7#kQ2mZ'))).toBe('OK');
  });

  it('requires 15 when the password is the only factor', async () => {
    const short = await check('river-kayak-42', { onlyFactor: true });
    expect(short).toMatchObject({ ok: false, code: 'TOO_SHORT', params: { min: 15 } });
    expect(code(await check('river-kayak-42'))).toBe('OK');
    expect(code(await check('river-kayak-427', { onlyFactor: true }))).toBe('OK');
  });

  it('counts code points after NFC, not UTF-16 units', async () => {
    // 8 code points once "e" + combining acute becomes "é", 9 UTF-16 units before.
    expect(code(await check('x7#kQ2me\u0301'))).toBe('OK');
    // 7 emoji are 14 UTF-16 units but only 7 characters.
    expect(code(await check('🦊🌲🚲🎸🍩🧭🎈'))).toBe('TOO_SHORT');
  });

  it('accepts up to maxLength (default 256) and rejects one more', async () => {
    const at256 = randomBytes(192).toString('base64');
    expect(at256).toHaveLength(256);
    expect(code(await check(at256))).toBe('OK');
    expect(await check(`${at256}x`)).toMatchObject({ ok: false, code: 'TOO_LONG', messageId: 'password.tooLong', params: { max: 256 } });
    const at64 = randomBytes(48).toString('base64');
    expect(code(await check(at64, { maxLength: 64 }))).toBe('OK');
    expect(code(await check(`${at64}x`, { maxLength: 64 }))).toBe('TOO_LONG');
  });

  it('imposes no composition rules: all lower-case letters and spaces are fine', async () => {
    expect(code(await check('correct horse battery staple'))).toBe('OK');
  });
});

describe('common and predictable passwords', () => {
  it('rejects passwords on the list, in any letter case', async () => {
    expect(await check('password')).toEqual({ ok: false, code: 'COMMON', messageId: 'password.common' });
    expect(code(await check('PassWord'))).toBe('COMMON');
    expect(code(await check('trustno1-forever', { onlyFactor: true }))).toBe('COMMON');
  });

  it('rejects repeats, sequences and l33t variants of common passwords as predictable', async () => {
    for (const weak of ['aaaaaaaaaaaa', 'abcdefghijkl', 'P@ssw0rd123', 'qwertyuiop123']) {
      expect(await check(weak), weak).toMatchObject({ ok: false, code: 'COMMON', messageId: 'password.predictable' });
    }
    expect(await check('aaaaaaaaaaaa')).toMatchObject({ params: { warningId: 'password.strength.warning.simpleRepeat' } });
  });

  it('lets a policy switch the predictability rule off', async () => {
    expect(code(await check('abcdefghijkl', { minGuessesLog10: 0 }))).toBe('OK');
  });
});

describe('passwords built from the username, e-mail or service name', () => {
  it('rejects the username with a few characters added, in any case', async () => {
    expect(await check('alice2024!')).toEqual({
      ok: false,
      code: 'CONTAINS_IDENTITY',
      messageId: 'password.containsIdentity',
      params: { field: 'username' },
    });
    expect(code(await check('ALICE2024!'))).toBe('CONTAINS_IDENTITY');
    expect(code(await check('2024!!alice'))).toBe('CONTAINS_IDENTITY');
  });

  it('rejects parts of the e-mail address and the service name', async () => {
    expect(await check('smith2024!!')).toMatchObject({ code: 'CONTAINS_IDENTITY', params: { field: 'email' } });
    expect(await check('Acme2024!!')).toMatchObject({ code: 'CONTAINS_IDENTITY', params: { field: 'email' } });
    expect(await check('Vigil2026!!')).toMatchObject({ code: 'CONTAINS_IDENTITY', params: { field: 'serviceName' } });
  });

  it('rejects an identifier padded with something common', async () => {
    expect(code(await check('alice12345678'))).toBe('CONTAINS_IDENTITY');
    expect(code(await check('aliceletmein'))).toBe('CONTAINS_IDENTITY');
  });

  it('accepts a password that merely mentions the name alongside enough else', async () => {
    expect(code(await check('alice-tangerine-lobster'))).toBe('OK');
    expect(code(await check('bob2024!x', { username: 'bob', email: undefined, serviceName: 'Vigil' }))).toBe('CONTAINS_IDENTITY');
    expect(code(await check('zq2024!x#V', { username: 'bob', email: undefined }))).toBe('OK');
  });

  it('ignores identifiers shorter than 3 characters', async () => {
    expect(code(await check('jo-quokka-tangerine', { username: 'jo' }))).toBe('OK');
  });
});

describe('reuse of the current password', () => {
  it('rejects the current password, compared in NFC form', async () => {
    const seen: string[] = [];
    const isCurrentPassword = async (p: string): Promise<boolean> => {
      seen.push(p);
      return p === 'caf\u00e9-Lobster-77';
    };
    expect(await check('cafe\u0301-Lobster-77', { isCurrentPassword })).toEqual({
      ok: false,
      code: 'SAME_AS_CURRENT',
      messageId: 'password.sameAsCurrent',
    });
    expect(seen).toEqual(['caf\u00e9-Lobster-77']);
    expect(code(await check(STRONG, { isCurrentPassword }))).toBe('OK');
  });
});

describe('online breach check', () => {
  it('rejects BREACHED and lets NOT_FOUND and UNKNOWN through', async () => {
    expect(await check(STRONG, { pwnedCheck: async () => 'BREACHED' })).toEqual({
      ok: false,
      code: 'BREACHED',
      messageId: 'password.breached',
    });
    expect(code(await check(STRONG, { pwnedCheck: async () => 'NOT_FOUND' }))).toBe('OK');
    expect(code(await check(STRONG, { pwnedCheck: async () => 'UNKNOWN' }))).toBe('OK');
  });
});

describe('a good password', () => {
  it('passes with a strength report', async () => {
    const result = await check(STRONG);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.strength.score).toBe(4);
      expect(result.strength.guessesLog10).toBeGreaterThan(10);
      expect(result.strength.warningId).toBeNull();
    }
  });
});

describe('assertPasswordPolicy', () => {
  it('accepts the defaults and refuses policies below NIST minimums', () => {
    expect(() => assertPasswordPolicy(DEFAULT_PASSWORD_POLICY)).not.toThrow();
    expect(() => assertPasswordPolicy({ ...DEFAULT_PASSWORD_POLICY, minLength: 7 })).toThrow(/minLength/);
    expect(() => assertPasswordPolicy({ ...DEFAULT_PASSWORD_POLICY, minLengthSingleFactor: 14 })).toThrow(/minLengthSingleFactor/);
    expect(() => assertPasswordPolicy({ ...DEFAULT_PASSWORD_POLICY, maxLength: 63 })).toThrow(/maxLength/);
    expect(() => assertPasswordPolicy({ ...DEFAULT_PASSWORD_POLICY, minLength: 8.5 })).toThrow(/integer/);
  });

  it('is applied by checkNewPassword, so bad configuration cannot pass silently', async () => {
    await expect(check(STRONG, { minLength: 4 })).rejects.toThrow(/minLength/);
  });
});
