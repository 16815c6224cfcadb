/**
 * Claiming, finding and backfilling the login index (src/users/user-login.ts). Claims come
 * first and the user second. A claim is taken over when it is stale: its user never appeared
 * (the process died between the two writes) and it is older than ABANDONED_AFTER_MS, so never
 * while a creation may still be under way; or its user exists without that login. A lookup
 * trusts a pointer only when the user it reaches has that login, so a stale pointer can hide
 * nobody and reveal nobody. Values are compared as normaliseIdentifier() makes them.
 */
import mongoose, { Types } from 'mongoose';
import type { Collection } from 'mongodb';
import { collectionNamed } from '../db/collection.ts';
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import { runOnce } from '../db/run-once.ts';
import { emailKeyFor, User, type UserRecord } from './user.ts';
import { UserLogin, type UserLoginRecord } from './user-login.ts';
import { NO_USER_ID } from '../db/no-user.ts';
import { normaliseIdentifier } from './username.ts';

const ABANDONED_AFTER_MS = 60_000;
const BACKFILL_BATCH = 500;

export type LoginKind = 'username' | 'email';

interface Login {
  kind: LoginKind;
  value: string;
  key: string;
}

/** Writes go to the collection itself: a string `_id` insert is the uniqueness check. */
function logins(): Collection<UserLoginRecord> {
  return collectionNamed<UserLoginRecord>(UserLogin.collection.collectionName);
}

function loginKey(kind: LoginKind, value: string): string {
  return `${kind}:${value}`;
}

export function loginsOf(user: { username: string; email?: string | undefined }): Login[] {
  const found: Login[] = [];
  for (const [kind, raw] of [['username', user.username], ['email', user.email]] as const) {
    const value = raw ? normaliseIdentifier(raw) : '';
    if (value) found.push({ kind, value, key: loginKey(kind, value) });
  }
  return found;
}

function holdsLogin(user: Pick<UserRecord, 'username' | 'email'>, kind: LoginKind, value: string): boolean {
  const own = kind === 'username' ? user.username : user.email;
  return own !== undefined && normaliseIdentifier(own) === value;
}

async function isStale(holder: UserLoginRecord, login: Login, now: Date): Promise<boolean> {
  const user = await User.findById(holder.userId).lean<UserRecord>();
  if (user) return !holdsLogin(user, login.kind, login.value);
  return now.getTime() - holder.createdAt.getTime() > ABANDONED_AFTER_MS;
}

async function claimLogin(login: Login, userId: Types.ObjectId, now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await logins().insertOne({ _id: login.key, userId, createdAt: now });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const holder = await UserLogin.findById(login.key).lean<UserLoginRecord>();
    if (!holder) continue;
    if (holder.userId.equals(userId)) return true;
    if (!await isStale(holder, login, now)) return false;
    await UserLogin.deleteOne({ _id: login.key, userId: holder.userId });
  }
  return false;
}

export type LoginClaim = { ok: true } | { ok: false; taken: LoginKind };

/** Claims every login of a user about to be written; on refusal nothing stays claimed. */
export async function claimLogins(user: { _id: Types.ObjectId; username: string; email?: string | undefined }, now: Date): Promise<LoginClaim> {
  const claimed: Login[] = [];
  for (const login of loginsOf(user)) {
    if (!await claimLogin(login, user._id, now)) {
      await releaseLogins(user._id, claimed);
      return { ok: false, taken: login.kind };
    }
    claimed.push(login);
  }
  return { ok: true };
}

/** Removes the given claims of this user (never another user's). */
export async function releaseLogins(userId: Types.ObjectId, claimed: Login[]): Promise<void> {
  for (const { key } of claimed) await UserLogin.deleteOne({ _id: key, userId });
}

/**
 * After the user is written: a claim taken over meanwhile (this creation stalled past
 * ABANDONED_AFTER_MS) whose taker has no user points back to this user, who holds the name.
 */
export async function confirmLogins(user: Pick<UserRecord, '_id' | 'username' | 'email'>, now: Date): Promise<void> {
  for (const login of loginsOf(user)) {
    const holder = await UserLogin.findById(login.key).lean<UserLoginRecord>();
    if (holder?.userId.equals(user._id)) continue;
    if (holder && await User.exists({ _id: holder.userId })) continue;
    await UserLogin.deleteOne({ _id: login.key, ...(holder ? { userId: holder.userId } : {}) });
    await claimLogin(login, user._id, now);
  }
}

/**
 * When writing a user failed because another one already holds a name (one written before the
 * index existed, or a stalled creation that won): the claims point to the holders instead, and
 * the answer says which login was taken.
 */
export async function yieldLogins(userId: Types.ObjectId, user: { username: string; email?: string | undefined }): Promise<LoginKind> {
  let taken: LoginKind | undefined;
  for (const login of loginsOf(user)) {
    const holder = await User.findOne(login.kind === 'username' ? { username: login.value } : { emailKey: emailKeyFor(user.username, login.value) }).lean<UserRecord>();
    if (holder) {
      taken ??= login.kind;
      await UserLogin.updateOne({ _id: login.key, userId }, { $set: { userId: holder._id } });
    } else {
      await UserLogin.deleteOne({ _id: login.key, userId });
    }
  }
  return taken ?? 'username';
}

/**
 * The user who signs in with this login, or null. Two `_id` reads whether or not the login
 * exists (a miss reads a user that cannot exist), so the time taken does not tell them apart.
 * `value` is already normalised.
 */
export async function userByLogin(kind: LoginKind, value: string): Promise<UserRecord | null> {
  const pointer = await UserLogin.findById(loginKey(kind, value)).lean<UserLoginRecord>();
  const user = await User.findById(pointer?.userId ?? new Types.ObjectId(NO_USER_ID)).lean<UserRecord>();
  return user && holdsLogin(user, kind, value) ? user : null;
}

/**
 * Indexes users written before the login index existed, once per database (later users are
 * claimed as they are created). Safe to run from several instances at once.
 */
export async function backfillLoginIndex(now: Date): Promise<number> {
  return (await runOnce('user-logins-v1', now, () => indexAllUsers(now))) ?? 0;
}

async function insertIgnoringTaken(batch: UserLoginRecord[]): Promise<number> {
  try {
    return (await logins().insertMany(batch, { ordered: false })).insertedCount;
  } catch (error) {
    // Logins already claimed (by createUser, or by another instance doing this) are expected.
    if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) throw error;
    const failures = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (!failures.every(isDuplicateKeyError)) throw error;
    return error.insertedCount;
  }
}

async function indexAllUsers(now: Date): Promise<number> {
  let indexed = 0;
  let batch: UserLoginRecord[] = [];
  for await (const user of User.find({}, { username: 1, email: 1 }).lean<Array<Pick<UserRecord, '_id' | 'username' | 'email'>>>().cursor()) {
    for (const { key } of loginsOf(user)) batch.push({ _id: key, userId: user._id, createdAt: now });
    if (batch.length >= BACKFILL_BATCH) {
      indexed += await insertIgnoringTaken(batch);
      batch = [];
    }
  }
  if (batch.length) indexed += await insertIgnoringTaken(batch);
  return indexed;
}
