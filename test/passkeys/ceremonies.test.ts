/**
 * The WebAuthn ceremonies (src/mfa/passkeys/) against a software authenticator: registration and
 * authentication succeed for the ISSUER's origin and RP ID; challenges are single use, bound to
 * the user and the session, and expire; a signature counter that does not increase is refused
 * as CLONED; an assertion from another origin, or by another user's passkey, is refused.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { authenticationOptions, verifyAuthentication } from '../../src/mfa/passkeys/authentication.ts';
import { MAX_PASSKEYS, registrationOptions, verifyRegistration } from '../../src/mfa/passkeys/registration.ts';
import { relyingPartyOf } from '../../src/mfa/passkeys/relying-party.ts';
import { Passkey } from '../../src/mfa/passkeys/passkey.ts';
import { passkeysOf } from '../../src/mfa/passkeys/store.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { connect, disconnect } from '../risk/support.ts';

const rp = relyingPartyOf('https://id.example.test/', 'Vigil');
const t0 = new Date('2026-03-01T09:00:00Z');

beforeAll(() => connect('passkey-ceremonies'));
afterAll(disconnect);

async function registered(userId: string, boundTo = 'session-1', authenticator = new SoftwareAuthenticator(rp.origin)): Promise<SoftwareCredential> {
  const options = await registrationOptions({ rp, userId, username: 'ada', boundTo, now: t0 });
  if (!options.ok) throw new Error('no options');
  const { credential, json } = authenticator.create(options.options);
  const result = await verifyRegistration({ rp, userId, boundTo, name: 'Key', response: json, now: t0 });
  expect(result.ok).toBe(true);
  return credential;
}

describe('registration', () => {
  it('asks for the ISSUER host as RP ID, user verification preferred, and stores the credential', async () => {
    const userId = new Types.ObjectId().toString();
    const options = await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 });
    if (!options.ok) throw new Error('no options');
    expect(options.options.rp.id).toBe('id.example.test');
    expect(options.options.authenticatorSelection?.userVerification).toBe('preferred');
    expect(options.options.attestation).toBe('none');
    expect(options.options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7, -257]);
    const { credential, json } = new SoftwareAuthenticator(rp.origin).create(options.options);
    const result = await verifyRegistration({ rp, userId, boundTo: 's', name: 'YubiKey', response: json, now: t0 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.passkey).toMatchObject({ userId, name: 'YubiKey', credentialId: credential.id, counter: 0, transports: ['usb'] });
    expect((await passkeysOf(userId)).map((p) => p.name)).toEqual(['YubiKey']);
    // The next registration excludes it, so the same key is not added twice.
    const again = await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 });
    expect(again.ok && again.options.excludeCredentials?.map((c) => c.id)).toEqual([credential.id]);
  });

  it('uses a challenge once, only for its user and session, and not after it expired', async () => {
    const userId = new Types.ObjectId().toString();
    const authenticator = new SoftwareAuthenticator(rp.origin);
    const options = await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 });
    if (!options.ok) throw new Error('no options');
    const { json } = authenticator.create(options.options);
    expect(await verifyRegistration({ rp, userId, boundTo: 'other-session', name: 'K', response: json, now: t0 })).toEqual({ ok: false, reason: 'CHALLENGE' });
    expect(await verifyRegistration({ rp, userId: new Types.ObjectId().toString(), boundTo: 's', name: 'K', response: json, now: t0 })).toEqual({ ok: false, reason: 'CHALLENGE' });
    expect(await verifyRegistration({ rp, userId, boundTo: 's', name: 'K', response: json, now: new Date(t0.getTime() + 6 * MINUTE) })).toEqual({ ok: false, reason: 'CHALLENGE' });
    const fresh = await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 });
    if (!fresh.ok) throw new Error('no options');
    const second = authenticator.create(fresh.options).json;
    const results = await Promise.all([1, 2, 3].map(() => verifyRegistration({ rp, userId, boundTo: 's', name: 'K', response: second, now: t0 })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('registers a credential once, for one user only', async () => {
    const userId = new Types.ObjectId().toString();
    const options = await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 });
    if (!options.ok) throw new Error('no options');
    const first = new SoftwareAuthenticator(rp.origin).create(options.options).json;
    expect((await verifyRegistration({ rp, userId, boundTo: 's', name: 'K', response: first, now: t0 })).ok).toBe(true);
    // Attestation 'none' signs nothing: the same credential answers another user's challenge.
    const other = new Types.ObjectId().toString();
    const next = await registrationOptions({ rp, userId: other, username: 'bo', boundTo: 's2', now: t0 });
    if (!next.ok) throw new Error('no options');
    const replayed = JSON.parse(first) as { response: { clientDataJSON: string } };
    replayed.response.clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: next.options.challenge, origin: rp.origin, crossOrigin: false })).toString('base64url');
    expect(await verifyRegistration({ rp, userId: other, boundTo: 's2', name: 'K', response: JSON.stringify(replayed), now: t0 })).toEqual({ ok: false, reason: 'ALREADY_REGISTERED' });
    expect(await Passkey.countDocuments({ userId: other })).toBe(0);
  });

  it('keeps at most MAX_PASSKEYS per user', async () => {
    const userId = new Types.ObjectId().toString();
    await Passkey.insertMany(Array.from({ length: MAX_PASSKEYS }, (_, i) => ({ _id: `full-${userId}-${i}`, userId, name: `K${i}`, credentialId: `c${i}`, publicKey: 'pk', counter: 0, deviceType: 'singleDevice', createdAt: t0 })));
    expect(await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 })).toEqual({ ok: false, reason: 'TOO_MANY' });
  });

  it('refuses a response made for another origin, and malformed input', async () => {
    const userId = new Types.ObjectId().toString();
    const options = await registrationOptions({ rp, userId, username: 'ada', boundTo: 's', now: t0 });
    if (!options.ok) throw new Error('no options');
    const { json } = new SoftwareAuthenticator(rp.origin).create(options.options, 'https://phish.example.test');
    expect(await verifyRegistration({ rp, userId, boundTo: 's', name: 'K', response: json, now: t0 })).toEqual({ ok: false, reason: 'INVALID' });
    for (const junk of ['', '{', '[]', JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'AA' } }), 42]) {
      expect((await verifyRegistration({ rp, userId, boundTo: 's', name: 'K', response: junk, now: t0 })).ok).toBe(false);
    }
    expect(await Passkey.countDocuments({ userId })).toBe(0);
  });
});

describe('authentication', () => {
  async function assert(userId: string | null, credential: SoftwareCredential, overrides: { counter?: number; origin?: string; boundTo?: string } = {}) {
    const options = await authenticationOptions({ rp, userId, boundTo: 'session-2', now: t0 });
    const json = new SoftwareAuthenticator(rp.origin).get(options, credential, overrides);
    return verifyAuthentication({ rp, userId, boundTo: overrides.boundTo ?? 'session-2', response: json, now: t0 });
  }

  it('verifies the user\'s passkey, records when it was used, and spends the challenge', async () => {
    const userId = new Types.ObjectId().toString();
    const credential = await registered(userId);
    const options = await authenticationOptions({ rp, userId, boundTo: 'session-2', now: t0 });
    expect(options.rpId).toBe('id.example.test');
    expect(options.userVerification).toBe('preferred');
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([credential.id]);
    const json = new SoftwareAuthenticator(rp.origin).get(options, credential);
    const result = await verifyAuthentication({ rp, userId, boundTo: 'session-2', response: json, now: t0 });
    expect(result).toMatchObject({ ok: true, userVerified: true, passkey: { counter: 1 } });
    expect((await passkeysOf(userId))[0]?.lastUsedAt).toEqual(t0);
    expect(await verifyAuthentication({ rp, userId, boundTo: 'session-2', response: json, now: t0 })).toEqual({ ok: false, reason: 'CHALLENGE' });
    // A discoverable sign-in (no user yet) finds the user from the credential.
    expect(await assert(null, credential)).toMatchObject({ ok: true, passkey: { userId } });
  });

  it('refuses a counter that does not increase as CLONED, and keeps the stored counter', async () => {
    const userId = new Types.ObjectId().toString();
    const credential = await registered(userId);
    expect((await assert(userId, credential)).ok).toBe(true);
    expect((await assert(userId, credential)).ok).toBe(true);
    const clone = await assert(userId, credential, { counter: 2 });
    expect(clone).toMatchObject({ ok: false, reason: 'CLONED', counter: 2, passkey: { _id: expect.any(String) } });
    expect(await assert(userId, credential, { counter: 0 })).toMatchObject({ ok: false, reason: 'CLONED' });
    expect((await passkeysOf(userId))[0]?.counter).toBe(2);
    expect((await assert(userId, credential)).ok).toBe(true);
  });

  it('accepts an authenticator that keeps no counter (always 0)', async () => {
    const userId = new Types.ObjectId().toString();
    const authenticator = new SoftwareAuthenticator(rp.origin);
    authenticator.startCounter = 0;
    const credential = await registered(userId, 's', authenticator);
    expect((await assert(userId, credential)).ok).toBe(true);
    expect((await assert(userId, credential)).ok).toBe(true);
  });

  it('refuses another origin, another session, another user\'s passkey and a forged signature', async () => {
    const userId = new Types.ObjectId().toString();
    const credential = await registered(userId);
    expect(await assert(userId, credential, { origin: 'https://phish.example.test' })).toEqual({ ok: false, reason: 'INVALID' });
    expect(await assert(userId, credential, { boundTo: 'session-3' })).toEqual({ ok: false, reason: 'CHALLENGE' });
    expect(await assert(new Types.ObjectId().toString(), credential)).toEqual({ ok: false, reason: 'UNKNOWN' });
    const forged = { ...credential, privateKey: (await registered(new Types.ObjectId().toString())).privateKey };
    expect(await assert(userId, forged)).toEqual({ ok: false, reason: 'INVALID' });
  });
});
