/**
 * The login index (src/users/login-index.ts): users are found by what they type through `_id`
 * reads, names stay unique under concurrent creation, a crashed creation does not hold a name
 * for ever, a stale pointer finds nobody, and users written before the index existed are indexed
 * once and can sign in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { Types } from 'mongoose';
import { hashPassword } from '../../src/password/password-hash.ts';
import { emailKeyFor, User } from '../../src/users/user.ts';
import { UserLogin } from '../../src/users/user-login.ts';
import { createUser, type NewUser } from '../../src/users/create-user.ts';
import { backfillLoginIndex, confirmLogins } from '../../src/users/login-index.ts';
import { findUserByLogin, findUserByUsername } from '../../src/users/lookup.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { formWithButton, relyingParty, UserAgent } from '../support/user-agent.ts';
import { DEFAULT_PASSWORD } from '../support/users.ts';

let vigil: TestApp;
let passwordHash: string;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'login-index' });
  passwordHash = await hashPassword(DEFAULT_PASSWORD);
});
afterAll(async () => {
  await vigil.close();
});

function newUser(username: string, email?: string): NewUser {
  return { username, email, passwordHash, passwordChangedAt: new Date() };
}

async function signInStatus(login: string): Promise<number> {
  const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  const started = await rp.start();
  const browser = new UserAgent(vigil.issuer);
  const page = await browser.open(started.url.toString());
  const form = formWithButton(page.html, 'login');
  const posted = await browser.agent.post(new URL(form.action, vigil.issuer).pathname).type('form')
    .send({ ...form.fields, username: login, password: DEFAULT_PASSWORD, action: 'login' }).redirects(0);
  return posted.status;
}

describe('creating users', () => {
  it('refuses a username or an e-mail address someone has, and leaves nothing claimed', async () => {
    expect((await createUser(newUser('ida', 'ida@example.test'), new Date())).status).toBe('OK');
    expect((await createUser(newUser('IDA', 'other@example.test'), new Date())).status).toBe('USERNAME_TAKEN');
    expect((await createUser(newUser('ida2', 'Ida@Example.test'), new Date())).status).toBe('EMAIL_TAKEN');
    // The refused e-mail's user claimed "ida2" first and gave it back.
    expect((await createUser(newUser('ida2', 'ida2@example.test'), new Date())).status).toBe('OK');
    expect(await UserLogin.exists({ _id: 'email:other@example.test' })).toBeNull();
  });

  it('lets exactly one of several concurrent creations of one name succeed', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => createUser(newUser('race', `race${n}@example.test`), new Date())));
    expect(results.filter((result) => result.status === 'OK')).toHaveLength(1);
    expect(await User.countDocuments({ username: 'race' })).toBe(1);
    const winner = results.find((result) => result.status === 'OK');
    expect((await findUserByUsername('race'))?._id.toString()).toBe(winner?.status === 'OK' ? winner.user._id.toString() : 'none');
  });

  it('stores names as sign-in compares them (Unicode NFC, lower case)', async () => {
    const decomposed = 'E\u0301mile@example.test';
    expect((await createUser(newUser('emile', decomposed), new Date())).status).toBe('OK');
    expect(await signInStatus('\u00e9mile@example.test')).toBe(303);
  });

  it('points a name back to a user whose stalled creation won it after a takeover', async () => {
    const stalled = new Types.ObjectId();
    await UserLogin.create({ _id: 'username:stall', userId: new Types.ObjectId(), createdAt: new Date() });
    await User.collection.insertOne({
      _id: stalled, username: 'stall', emailVerified: false, emailKey: emailKeyFor('stall', undefined), passwordHash, passwordChangedAt: new Date(),
      mustChangePassword: false, groups: [], disabled: false, mfaGraceExtensionDays: 0, createdAt: new Date(), updatedAt: new Date(),
    });
    await confirmLogins({ _id: stalled, username: 'stall' }, new Date());
    expect((await findUserByUsername('stall'))?._id.toString()).toBe(stalled.toString());
  });

  it('takes over a name whose creation died more than a minute ago, not one that may be under way', async () => {
    const now = new Date();
    await UserLogin.create({ _id: 'username:ghost', userId: new Types.ObjectId(), createdAt: new Date(now.getTime() - 2 * 60_000) });
    expect((await createUser(newUser('ghost'), now)).status).toBe('OK');
    await UserLogin.create({ _id: 'username:pending', userId: new Types.ObjectId(), createdAt: now });
    expect((await createUser(newUser('pending'), now)).status).toBe('USERNAME_TAKEN');
  });
});

describe('finding users', () => {
  it('by username and by e-mail address, over HTTP', async () => {
    await createUser(newUser('jon', 'jon@example.test'), new Date());
    expect(await signInStatus('Jon')).toBe(303);
    expect(await signInStatus('JON@example.test')).toBe(303);
    expect(await signInStatus('nobody-here')).toBe(401);
  });

  it('finds nobody through a pointer the user no longer matches', async () => {
    const created = await createUser(newUser('kim', 'kim@example.test'), new Date());
    if (created.status !== 'OK') throw new Error(created.status);
    await UserLogin.create({ _id: 'email:not-kim@example.test', userId: created.user._id, createdAt: new Date() });
    expect(await findUserByLogin('not-kim@example.test')).toBeNull();
    expect((await findUserByLogin('kim@example.test'))?.username).toBe('kim');
    // Such a pointer holds the name for nobody: the next user to want it gets it.
    expect((await createUser(newUser('notkim', 'not-kim@example.test'), new Date())).status).toBe('OK');
    expect((await findUserByLogin('not-kim@example.test'))?.username).toBe('notkim');
  });

  it('indexes users written before the index existed, once', async () => {
    await User.collection.insertOne({
      _id: new Types.ObjectId(), username: 'legacy', email: 'legacy@example.test', emailVerified: true,
      emailKey: emailKeyFor('legacy', 'legacy@example.test'), passwordHash, passwordChangedAt: new Date(),
      mustChangePassword: false, groups: [], disabled: false, mfaGraceExtensionDays: 0, createdAt: new Date(), updatedAt: new Date(),
    });
    expect(await signInStatus('legacy')).toBe(401);
    // Creating someone else with that name finds the holder, and points the name to them.
    expect((await createUser(newUser('legacy', 'other@example.test'), new Date())).status).toBe('USERNAME_TAKEN');
    expect(await signInStatus('legacy')).toBe(303);
    expect(await signInStatus('legacy@example.test')).toBe(401);
    expect(await UserLogin.exists({ _id: 'email:other@example.test' })).toBeNull();
    // This database was indexed when Vigil started; as if it had been upgraded with this user in it:
    await mongoose.connection.db?.collection<{ _id: string }>('migrations').deleteOne({ _id: 'user-logins-v1' });
    expect(await backfillLoginIndex(new Date())).toBe(1);
    expect(await backfillLoginIndex(new Date())).toBe(0);
    expect(await signInStatus('legacy@example.test')).toBe(303);
  });
});
