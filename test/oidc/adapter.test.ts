import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { purgeExpired } from '../../src/db/purge-expired.ts';
import { MongoAdapter, revokeAllForAccount, SESSION_UID_COLLECTION } from '../../src/oidc/adapter.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'adapter' });
});
afterAll(async () => vigil.close());

describe('MongoDB adapter', () => {
  it('honours expiry on every read, whatever the database does with TTL indexes', async () => {
    const adapter = new MongoAdapter('Session');
    await adapter.upsert('live', { uid: 'u-live', accountId: 'a1' }, 60);
    await adapter.upsert('stale', { uid: 'u-stale', accountId: 'a1' }, 60);
    await mongoose.connection.db?.collection('oidc_session').updateOne({ _id: 'stale' as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await adapter.find('live')).toMatchObject({ uid: 'u-live' });
    expect(await adapter.find('stale')).toBeUndefined();
    expect(await adapter.findByUid('u-stale')).toBeUndefined();
    expect(await adapter.findByUid('u-live')).toMatchObject({ accountId: 'a1' });
  });

  it('finds a session by uid through its pointer, and without it', async () => {
    const sessions = new MongoAdapter('Session');
    const pointers = mongoose.connection.db?.collection<{ _id: string; sessionId: string }>(SESSION_UID_COLLECTION);
    await sessions.upsert('first-id', { uid: 'u-rotating', accountId: 'a4' }, 60);
    expect((await pointers?.findOne({ _id: 'u-rotating' }))?.sessionId).toBe('first-id');

    // oidc-provider gives a session a new id at sign-in; the uid stays and now points to the new id.
    await sessions.destroy('first-id');
    await sessions.upsert('second-id', { uid: 'u-rotating', accountId: 'a5' }, 60);
    expect(await sessions.findByUid('u-rotating')).toMatchObject({ accountId: 'a5' });

    // A pointer lost (e.g. a crash between the two writes) or stale still finds the session.
    await pointers?.deleteOne({ _id: 'u-rotating' });
    expect(await sessions.findByUid('u-rotating')).toMatchObject({ accountId: 'a5' });
    await pointers?.insertOne({ _id: 'u-rotating', sessionId: 'first-id' });
    expect(await sessions.findByUid('u-rotating')).toMatchObject({ accountId: 'a5' });

    await sessions.destroy('second-id');
    expect(await sessions.findByUid('u-rotating')).toBeUndefined();
  });

  it('consumes once, revokes by grant and by account', async () => {
    const codes = new MongoAdapter('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', accountId: 'a2' }, 60);
    await codes.consume('c1');
    await expect(codes.consume('c1')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await codes.find('c1'))?.consumed).toBeTypeOf('number');
    await codes.revokeByGrantId('g1');
    expect(await codes.find('c1')).toBeUndefined();

    const tokens = new MongoAdapter('RefreshToken');
    await tokens.upsert('r1', { grantId: 'g2', accountId: 'a2' }, 60);
    expect(await revokeAllForAccount('a2')).toBeGreaterThanOrEqual(1);
    expect(await tokens.find('r1')).toBeUndefined();
  });

  it('the purge job removes expired records and keeps live ones', async () => {
    const adapter = new MongoAdapter('Interaction');
    await adapter.upsert('old', { kind: 'Interaction' }, 60);
    await adapter.upsert('new', { kind: 'Interaction' }, 60);
    const removed = await purgeExpired(new Date(Date.now() + 120_000));
    expect(removed).toBeGreaterThanOrEqual(2);
    await adapter.upsert('new', { kind: 'Interaction' }, 600);
    await purgeExpired(new Date(Date.now() + 120_000));
    expect(await adapter.find('new')).toBeTruthy();
  });
});

describe('fresh-id records', () => {
  it('are inserted, and saved again in place when oidc-provider updates one', async () => {
    const tokens = new MongoAdapter('AccessToken');
    await tokens.upsert('at1', { accountId: 'a3', grantId: 'g3' }, 60);
    await tokens.upsert('at1', { accountId: 'a3', grantId: 'g3', scope: 'openid' }, 60);
    expect(await tokens.find('at1')).toMatchObject({ scope: 'openid' });
    expect(await mongoose.connection.db?.collection('oidc_access_token').countDocuments({ _id: 'at1' as never })).toBe(1);
  });
});
