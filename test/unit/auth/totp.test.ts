import { describe, it, expect } from 'vitest';
import { ManualClock } from '../../../src/clock.ts';
import {
  currentTotpCode,
  generateTotpSecret,
  qrCodeDataUrl,
  totpStep,
  totpUri,
  verifyTotp,
} from '../../../src/mfa/totp/totp.ts';

// RFC 6238 appendix B: ASCII "12345678901234567890" (SHA-1), shown as its last 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number): Date => new Date(seconds * 1000);

describe('generateTotpSecret', () => {
  it('returns 160 random bits as 32 base32 characters', () => {
    const a = generateTotpSecret();
    const b = generateTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(a).not.toBe(b);
  });
});

describe('currentTotpCode', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(currentTotpCode(RFC_SECRET, at(59))).toBe('287082');
    expect(currentTotpCode(RFC_SECRET, at(1111111109))).toBe('081804');
    expect(currentTotpCode(RFC_SECRET, at(1111111111))).toBe('050471');
    expect(currentTotpCode(RFC_SECRET, at(1234567890))).toBe('005924');
    expect(currentTotpCode(RFC_SECRET, at(2000000000))).toBe('279037');
  });
});

describe('totpUri', () => {
  it('builds an otpauth:// URI with issuer label prefix and issuer parameter', () => {
    const uri = totpUri({ issuer: 'Vigil Corp', accountName: 'alice@example.com', secret: RFC_SECRET });
    expect(uri.startsWith('otpauth://totp/Vigil%20Corp:alice%40example.com?')).toBe(true);
    const params = new URL(uri).searchParams;
    expect(params.get('secret')).toBe(RFC_SECRET);
    expect(params.get('issuer')).toBe('Vigil Corp');
  });

  it('refuses colons, which would make the label ambiguous', () => {
    expect(() => totpUri({ issuer: 'Acme:IT', accountName: 'alice', secret: RFC_SECRET })).toThrow(/issuer/);
    expect(() => totpUri({ issuer: 'Acme', accountName: 'a:lice', secret: RFC_SECRET })).toThrow(/account name/);
  });
});

describe('verifyTotp', () => {
  const secret = generateTotpSecret();
  // 09:00:00 UTC is a step boundary (a multiple of 30 s).
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const now = clock.now();
  const step = totpStep(now);
  const codeAt = (offsetSeconds: number): string => currentTotpCode(secret, new Date(now.getTime() + offsetSeconds * 1000));

  it('accepts the current code and returns its step', () => {
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
    expect(verifyTotp({ secret, code: codeAt(0), now })).toEqual({ ok: true, step });
  });

  it('accepts one step either side and nothing further', () => {
    expect(verifyTotp({ secret, code: codeAt(-30), now })).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp({ secret, code: codeAt(30), now })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp({ secret, code: codeAt(-60), now })).toEqual({ ok: false, reason: 'INVALID' });
    expect(verifyTotp({ secret, code: codeAt(60), now })).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('counts the window in steps: at the last second of a step, the previous step is still accepted', () => {
    const lastSecond = new Date(now.getTime() + 29_999);
    expect(totpStep(lastSecond)).toBe(step);
    expect(verifyTotp({ secret, code: codeAt(-30), now: lastSecond })).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp({ secret, code: codeAt(-31), now: lastSecond })).toEqual({ ok: false, reason: 'INVALID' });
    expect(verifyTotp({ secret, code: codeAt(59), now: lastSecond })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp({ secret, code: codeAt(60), now: lastSecond })).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('rejects a replayed step and any step at or before the last one used', () => {
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: step })).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(verifyTotp({ secret, code: codeAt(-30), now, lastUsedStep: step })).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: step + 1 })).toEqual({ ok: false, reason: 'REPLAYED' });
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: step + 50 })).toEqual({ ok: false, reason: 'REPLAYED' });
  });

  it('accepts a newer step than the last one used', () => {
    expect(verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: step - 1 })).toEqual({ ok: true, step });
    expect(verifyTotp({ secret, code: codeAt(30), now, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
  });

  it('says INVALID, not REPLAYED, for a wrong code even when a step was used', () => {
    const wrong = codeAt(0) === '000000' ? '111111' : '000000';
    expect(verifyTotp({ secret, code: wrong, now })).toEqual({ ok: false, reason: 'INVALID' });
    expect(verifyTotp({ secret, code: wrong, now, lastUsedStep: step })).toEqual({ ok: false, reason: 'INVALID' });
    expect(verifyTotp({ secret, code: wrong, now, lastUsedStep: step + 50 })).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('moves with the clock: a code expires once the window has passed', () => {
    const code = codeAt(0);
    clock.advance(60_000);
    expect(verifyTotp({ secret, code, now: clock.now() })).toEqual({ ok: false, reason: 'INVALID' });
  });

  it('tolerates spaces but rejects anything that is not six digits', () => {
    const code = codeAt(0);
    expect(verifyTotp({ secret, code: `${code.slice(0, 3)} ${code.slice(3)}`, now })).toEqual({ ok: true, step });
    for (const bad of ['', 'abcdef', code.slice(0, 5), `${code}0`, `${code.slice(0, 5)}x`]) {
      expect(verifyTotp({ secret, code: bad, now })).toEqual({ ok: false, reason: 'INVALID' });
    }
  });

  it('treats a bad lastUsedStep as a bug', () => {
    expect(() => verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: -1 })).toThrow(/lastUsedStep/);
    expect(() => verifyTotp({ secret, code: codeAt(0), now, lastUsedStep: 1.5 })).toThrow(/lastUsedStep/);
  });
});

describe('qrCodeDataUrl', () => {
  it('renders a PNG data URL', async () => {
    const url = await qrCodeDataUrl(totpUri({ issuer: 'Vigil', accountName: 'alice', secret: RFC_SECRET }));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
