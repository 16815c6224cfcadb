/**
 * Claiming, finding and backfilling the login index (src/models/user-login.ts). Claims come
 * first and the user second; a claim whose user never appeared (the process died between the
 * two writes) is taken over once it is older than ABANDONED_AFTER_MS, never while a creation
 * may still be under way. A lookup trusts a pointer only when the user it reaches still has that
 * login, so a stale pointer can hide nobody and reveal nobody.
 */
import mongoose, { Types } from 'mongoose';
import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import { runOnce } from '../db/run-once.ts';
import type { Logger } from '../log.ts';
import { User, type UserRecord } from '../models/user.ts';
import { UserLogin, type UserLoginRecord } from '../models/user-login.ts';

const ABANDONED_AFTER_MS = 60_000;
const BACKFILL_BATCH = 500;

export type LoginKind = 'username' | 'email';

/** Writes go to the collection itself: a string `_id` insert is the uniqueness check. */
function logins(): Collection<UserLoginRecord> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('Client must be connected before running operations');
  return db.collection<UserLoginRecord>(UserLogin.collection.collectionName);
}

export function loginKey(kind: LoginKind, value: string): string {
  return `${kind}:${value}`;
}

export function loginKeysOf(user: { username: string; email?: string | undefined }): Array<{ kind: LoginKind; key: string }> {
  const keys: Array<{ kind: LoginKind; key: string }> = [{ kind: 'username', key: loginKey('username', user.username) }];
  if (user.email) keys.push({ kind: 'email', key: loginKey('email', user.email) });
  return keys;
}

export type LoginClaim = { ok: true } | { ok: false; taken: LoginKind };

async function claimKey(key: string, userId: Types.ObjectId, now: Date): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await logins().insertOne({ _id: key, userId, createdAt: now });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const holder = await UserLogin.findById(key).lean<UserLoginRecord>();
    if (!holder) continue;
    if (holder.userId.equals(userId)) return true;
    const abandoned = now.getTime() - holder.createdAt.getTime() > ABANDONED_AFTER_MS && !await User.exists({ _id: holder.userId });
    if (!abandoned) return false;
    await UserLogin.deleteOne({ _id: key, userId: holder.userId });
  }
  return false;
}

/** Claims every login of a user about to be written; on refusal nothing stays claimed. */
export async function claimLogins(user: { _id: Types.ObjectId; username: string; email?: string | undefined }, now: Date): Promise<LoginClaim> {
  const claimed: string[] = [];
  for (const { kind, key } of loginKeysOf(user)) {
    if (!await claimKey(key, user._id, now)) {
      await releaseLogins(user._id, claimed);
      return { ok: false, taken: kind };
    }
    claimed.push(key);
  }
  return { ok: true };
}

/** Removes the given claims of this user (never another user's). */
export async function releaseLogins(userId: Types.ObjectId, keys: string[]): Promise<void> {
  for (const key of keys) await UserLogin.deleteOne({ _id: key, userId });
}

/**
 * The user who signs in with this login, or null. Two `_id` reads whether or not the login
 * exists (a miss reads a user that cannot exist), so the time taken does not tell them apart.
 */
export async function userByLogin(kind: LoginKind, value: string): Promise<UserRecord | null> {
  const pointer = await UserLogin.findById(loginKey(kind, value)).lean<UserLoginRecord>();
  const user = await User.findById(pointer?.userId ?? NOBODY).lean<UserRecord>();
  if (!user) return null;
  const current = kind === 'username' ? user.username === value : user.email === value;
  return current ? user : null;
}

const NOBODY = new Types.ObjectId('000000000000000000000000');

/**
 * Indexes users written before the login index existed, once per database (later users are
 * claimed as they are created). Safe to run from several instances at once.
 */
export async function backfillLoginIndex(now: Date, logger?: Logger): Promise<number> {
  const indexed = await runOnce('user-logins-v1', now, () => indexAllUsers(now));
  if (indexed) logger?.info({ logins: indexed }, 'indexed the logins of existing users');
  return indexed ?? 0;
}

async function indexAllUsers(now: Date): Promise<number> {
  let indexed = 0;
  let batch: UserLoginRecord[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    try {
      indexed += (await logins().insertMany(batch, { ordered: false })).insertedCount;
    } catch (error) {
      // Logins already claimed (by createUser, or by another instance doing this) are expected.
      const failed = error as { writeErrors?: Array<{ code?: number }>; insertedCount?: number; result?: { insertedCount?: number } };
      const errors = failed.writeErrors ?? [];
      if (errors.length === 0 || errors.some((e) => e.code !== 11000)) throw error;
      indexed += failed.insertedCount ?? failed.result?.insertedCount ?? 0;
    }
    batch = [];
  };
  for await (const user of User.find({}, { username: 1, email: 1 }).lean<Array<Pick<UserRecord, '_id' | 'username' | 'email'>>>().cursor()) {
    for (const { key } of loginKeysOf(user)) batch.push({ _id: key, userId: user._id, createdAt: now });
    if (batch.length >= BACKFILL_BATCH) await flush();
  }
  await flush();
  return indexed;
}
