import { randomBytes } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  createSecretBox,
  developmentKeyRingText,
  DEVELOPMENT_KEY_ID,
  isDevelopmentKeyRing,
  parseKeyRing,
  SecretBoxError,
} from '../../../src/crypto/secret-box.ts';

const key1 = Buffer.alloc(32, 1).toString('base64');
const key2 = Buffer.alloc(32, 2).toString('base64');
const key2url = Buffer.alloc(32, 0xfb).toString('base64url');

/** Flips one bit of the n-th base64url part, at byte level so padding bits cannot hide the change. */
function tamper(sealed: string, partIndex: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[partIndex]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[partIndex] = bytes.toString('base64url');
  return parts.join('.');
}

describe('parseKeyRing', () => {
  it('makes the first listed key the active one and keeps every key', () => {
    const ring = parseKeyRing(`k2:${key2}, k1:${key1}`);
    expect(ring.activeKid).toBe('k2');
    expect([...ring.keys.keys()]).toEqual(['k2', 'k1']);
  });

  it('accepts url-safe base64 keys', () => {
    expect(parseKeyRing(`k3:${key2url}`).keys.get('k3')?.symmetricKeySize).toBe(32);
  });

  it('refuses a key that is not exactly 32 bytes, naming its id but not its bytes', () => {
    const short = Buffer.alloc(31, 9).toString('base64');
    expect(() => parseKeyRing(`k2:${key2},k1:${short}`)).toThrow(/"k1".*32 bytes, got 31/);
    try {
      parseKeyRing(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => parseKeyRing(`big:${Buffer.alloc(33).toString('base64')}`)).toThrow(/"big".*got 33/);
  });

  it('refuses empty rings, duplicate ids, missing ids and non-base64 keys', () => {
    expect(() => parseKeyRing('')).toThrow(/empty/);
    expect(() => parseKeyRing(' , ')).toThrow(/empty/);
    expect(() => parseKeyRing(`k1:${key1},k1:${key2}`)).toThrow(/"k1" appears more than once/);
    expect(() => parseKeyRing(key1)).toThrow(/no "kid:" prefix/);
    expect(() => parseKeyRing(`k1:not*base64!`)).toThrow(/"k1" is not valid base64/);
    expect(() => parseKeyRing(`bad.kid:${key1}`)).toThrow(/key id "bad.kid" is invalid/);
  });
});

describe('createSecretBox', () => {
  const box = createSecretBox(parseKeyRing(`k2:${key2},k1:${key1}`));

  it('round-trips text, including non-ASCII, in the v1.kid.iv.tag.ct format', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP – ünïcødé 🔐');
    expect(sealed).toMatch(/^v1\.k2\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP – ünïcødé 🔐');
    expect(box.open(box.seal(''))).toBe('');
  });

  it('uses a fresh IV for every seal', () => {
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
  });

  it('throws on a tampered IV, tag or ciphertext', () => {
    const sealed = box.seal('secret value');
    for (const part of [2, 3, 4]) {
      expect(() => box.open(tamper(sealed, part))).toThrow(SecretBoxError);
    }
  });

  it('throws when a value is relabelled with another known key id', () => {
    const sealed = box.seal('secret value');
    expect(() => box.open(sealed.replace(/^v1\.k2\./, 'v1.k1.'))).toThrow(/failed authentication/);
  });

  it('throws on an unknown key id', () => {
    const other = createSecretBox(parseKeyRing(`k9:${randomBytes(32).toString('base64')}`));
    expect(() => box.open(other.seal('x'))).toThrow(/unknown key id "k9"/);
  });

  it('binds the optional context: the same context opens, another does not', () => {
    const sealed = box.seal('totp-seed', 'totp:user-1');
    expect(box.open(sealed, 'totp:user-1')).toBe('totp-seed');
    expect(() => box.open(sealed, 'totp:user-2')).toThrow(SecretBoxError);
    expect(() => box.open(sealed)).toThrow(SecretBoxError);
  });

  it('throws on malformed input', () => {
    expect(() => box.open('garbage')).toThrow(SecretBoxError);
    expect(() => box.open('v2.k2.a.b.c')).toThrow(/unsupported format "v2"/);
    expect(() => box.open('v1.k2.AAAA.AAAA.AAAA')).toThrow(/malformed IV or tag/);
    expect(() => box.open('v1.k2.+++.///.===')).toThrow(/base64url/);
  });

  it('refuses a ring whose active key is missing', () => {
    expect(() => createSecretBox({ activeKid: 'k5', keys: parseKeyRing(`k1:${key1}`).keys })).toThrow(/"k5"/);
  });
});

describe('key rotation', () => {
  it('opens values sealed under a retired key and flags them for resealing', () => {
    const before = createSecretBox(parseKeyRing(`k1:${key1}`));
    const old = before.seal('seed');
    const after = createSecretBox(parseKeyRing(`k2:${key2},k1:${key1}`));
    expect(after.open(old)).toBe('seed');
    expect(after.needsReseal(old)).toBe(true);
    const resealed = after.seal(after.open(old));
    expect(after.needsReseal(resealed)).toBe(false);
    expect(resealed.split('.')[1]).toBe('k2');
    expect(before.needsReseal(old)).toBe(false);
  });

  it('cannot open a value once its key has left the ring', () => {
    const old = createSecretBox(parseKeyRing(`k1:${key1}`)).seal('seed');
    const dropped = createSecretBox(parseKeyRing(`k2:${key2}`));
    expect(() => dropped.open(old)).toThrow(/unknown key id "k1"/);
  });

  it('needsReseal throws on garbage rather than guessing', () => {
    const box = createSecretBox(parseKeyRing(`k1:${key1}`));
    expect(() => box.needsReseal('nope')).toThrow(SecretBoxError);
  });
});

describe('development key ring', () => {
  it('is fixed, clearly named, usable and detectable', () => {
    expect(developmentKeyRingText()).toBe(developmentKeyRingText());
    const ring = parseKeyRing(developmentKeyRingText());
    expect(ring.activeKid).toBe(DEVELOPMENT_KEY_ID);
    expect(DEVELOPMENT_KEY_ID).toMatch(/dev.*insecure/);
    expect(isDevelopmentKeyRing(ring)).toBe(true);
    expect(isDevelopmentKeyRing(parseKeyRing(`k1:${key1},${developmentKeyRingText()}`))).toBe(true);
    expect(isDevelopmentKeyRing(parseKeyRing(`k1:${key1}`))).toBe(false);
    const box = createSecretBox(ring);
    expect(box.open(box.seal('dev'))).toBe('dev');
  });
});
