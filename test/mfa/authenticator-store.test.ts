/**
 * MFA methods are kept one per user and type and found by `_id` (src/mfa/authenticator-store.ts):
 * reads never filter on anything else, registering again replaces the method with a new
 * instance, and methods stored under the old ObjectId ids move to their new ids once, keeping
 * what was already spent on them spent.
 */
import mongoose, { Types } from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimOnce } from '../../src/db/claim-once.ts';
import { allMethodsOf, authenticatorId, methodOf, migrateAuthenticatorIds, putMethod } from '../../src/mfa/authenticator-store.ts';
import { hasMfaMethod } from '../../src/mfa/method-registry.ts';
import { Authenticator } from '../../src/mfa/authenticator.ts';
import { connect, disconnect } from '../risk/support.ts';

const filters: unknown[] = [];

beforeAll(() => connect('authenticator-store'));
afterAll(disconnect);
afterEach(() => { mongoose.set('debug', false); });

function recordFilters(): void {
  filters.length = 0;
  mongoose.set('debug', (collection: string, _method: string, filter: unknown) => { if (collection === 'authenticators') filters.push(filter); });
}

describe('the authenticator store', () => {
  it('reads a user\'s methods by _id only', async () => {
    const userId = new Types.ObjectId().toString();
    await putMethod({ userId, type: 'totp', createdAt: new Date('2026-01-01T00:00:00Z'), sealedSecret: 'sealed' });
    await putMethod({ userId, type: 'email', createdAt: new Date('2026-01-02T00:00:00Z'), address: 'a@example.test' });
    recordFilters();
    expect((await allMethodsOf(userId)).map((method) => method.type)).toEqual(['totp', 'email']);
    expect(await hasMfaMethod(userId)).toBe(true);
    expect(await hasMfaMethod(new Types.ObjectId().toString())).toBe(false);
    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) expect(Object.keys(filter as object)).toEqual(['_id']);
  });

  it('replaces a method registered again, with a new instance', async () => {
    const userId = new Types.ObjectId().toString();
    const first = await putMethod({ userId, type: 'recovery', createdAt: new Date(), codes: [{ hash: 'one' }] });
    const second = await putMethod({ userId, type: 'recovery', createdAt: new Date(), codes: [{ hash: 'two' }] });
    expect(second.instance).not.toBe(first.instance);
    expect(await Authenticator.countDocuments({ userId })).toBe(1);
    expect((await methodOf(userId, 'recovery'))?.codes?.[0]?.hash).toBe('two');
  });

  it('moves methods stored under ObjectIds to their new ids once, the newer of two winning', async () => {
    const userId = new Types.ObjectId().toString();
    const oldTotp = new Types.ObjectId();
    const base = { userId, consecutiveFailures: 0, permanentlyLocked: false };
    await mongoose.connection.db?.collection('authenticators').insertMany([
      { ...base, _id: oldTotp, type: 'totp', createdAt: new Date('2026-01-01T00:00:00Z'), sealedSecret: 'sealed' },
      { ...base, _id: new Types.ObjectId(), type: 'recovery', createdAt: new Date('2026-01-01T00:00:00Z'), codes: [{ hash: 'older' }] },
      { ...base, _id: new Types.ObjectId(), type: 'recovery', createdAt: new Date('2026-01-03T00:00:00Z'), codes: [{ hash: 'newer' }] },
    ]);
    // A time step the app already used before the move (claims are keyed by the instance).
    expect(await claimOnce(`totp:${oldTotp.toString()}:12345`, new Date(), new Date(Date.now() + 60_000))).toBe(true);
    await mongoose.connection.db?.collection<{ _id: string }>('migrations').deleteOne({ _id: 'authenticator-ids-v1' });

    expect(await migrateAuthenticatorIds(new Date())).toBe(2);
    expect(await migrateAuthenticatorIds(new Date())).toBe(0);

    const totp = await methodOf(userId, 'totp');
    expect(totp?._id).toBe(authenticatorId(userId, 'totp'));
    expect(totp?.instance).toBe(oldTotp.toString());
    expect(await claimOnce(`totp:${totp?.instance ?? ''}:12345`, new Date(), new Date(Date.now() + 60_000))).toBe(false);
    expect((await methodOf(userId, 'recovery'))?.codes?.[0]?.hash).toBe('newer');
    expect(await Authenticator.countDocuments({ userId })).toBe(2);
  });
});
