import argon2 from 'argon2';
import { describe, it, expect } from 'vitest';
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  needsRehash,
  PASSWORD_HASH_PARAMS,
  verifyAgainstDummy,
  verifyPassword,
} from '../../../src/password/password-hash.ts';

describe('password hashing (argon2id, OWASP parameters)', () => {
  it('uses argon2id with m=19456 KiB, t=2, p=1', () => {
    expect(PASSWORD_HASH_PARAMS).toEqual({ type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('hashes, verifies the right password and rejects a wrong one; NFC forms are the same password', async () => {
    const hash = await hashPassword('caf\u00e9-Tangerine-77');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await verifyPassword(hash, 'caf\u00e9-Tangerine-77')).toBe(true);
    expect(await verifyPassword(hash, 'cafe\u0301-Tangerine-77')).toBe(true);
    expect(await verifyPassword(hash, 'caf\u00e9-Tangerine-78')).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('salts: two hashes of one password differ', async () => {
    expect(await hashPassword('same-password')).not.toBe(await hashPassword('same-password'));
  });

  it('answers false, never throws, for malformed stored hashes', async () => {
    for (const bad of ['', 'garbage', '$argon2id$', '$argon2id$v=19$m=19456,p=1,t=2$bad', '$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234']) {
      await expect(verifyPassword(bad, 'anything')).resolves.toBe(false);
    }
  });

  it('asks for a rehash when parameters are weaker, the variant is not argon2id, or the hash is unreadable', async () => {
    const weak = await argon2.hash('pw', { type: argon2.argon2id, memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    const argon2i = await argon2.hash('pw', { ...PASSWORD_HASH_PARAMS, type: argon2.argon2i });
    expect(needsRehash(argon2i)).toBe(true);
    expect(await verifyPassword(argon2i, 'pw')).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('verifyAgainstDummy', () => {
  it('uses a dummy hash with exactly the real parameters, so it costs the same as a real check', () => {
    expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false);
  });

  it('always answers false', async () => {
    await expect(verifyAgainstDummy('whatever')).resolves.toBe(false);
  });

  it('does real argon2 work: comparable in time to verifying a real hash', async () => {
    const real = await hashPassword('tangerine-Lobster-77');
    const fastest = async (work: () => Promise<unknown>): Promise<number> => {
      let best = Infinity;
      for (let i = 0; i < 3; i += 1) {
        const start = performance.now();
        await work();
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const realMs = await fastest(() => verifyPassword(real, 'wrong-password'));
    const dummyMs = await fastest(() => verifyAgainstDummy('wrong-password'));
    // Loose bound: only catches a dummy that skips the work (≈0 ms against tens of ms).
    expect(dummyMs).toBeGreaterThan(realMs * 0.3);
  });
});
