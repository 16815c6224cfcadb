/**
 * Where methods are kept: one document per user and type, its `_id` made of both, so every
 * read is an `_id` read: FerretDB 1.x (the embedded default) decodes every method of every user
 * for a `{ userId }` filter (bench/README.md, "FerretDB 1.24 and collection sizes").
 * Registering a method again replaces the document in one atomic write, with a new `instance`:
 * single-use claims are keyed by it, so a code spent on the old app or the old recovery set says
 * nothing about the new one. (Counters, the last used time step and spent recovery codes are
 * updated by `_id`: one in flight while its method is replaced lands on the new method — a
 * failure counted, a step or a code marked used — which refuses more, never accepts more. What
 * could accept more, a re-sealed secret, is written only to its instance.)
 */
import { randomBytes } from 'node:crypto';
import type { Collection, Document, ObjectId } from 'mongodb';
import { collectionNamed } from '../db/collection.ts';
import { retryOnDuplicateKey } from '../db/duplicate-key.ts';
import { forgetClaim } from '../db/claim-once.ts';
import { runOnce } from '../db/run-once.ts';
import { enrollmentClaimKey, NO_APP } from './enrollment-claim.ts';
import { Authenticator, type AuthenticatorRecord, type AuthenticatorType } from './authenticator.ts';

const TYPES: readonly AuthenticatorType[] = ['totp', 'recovery', 'email'];

function collection<T extends Document>(): Collection<T> {
  return collectionNamed<T>(Authenticator.collection.collectionName);
}

export function authenticatorId(userId: string, type: AuthenticatorType): string {
  return `${userId}:${type}`;
}

export type NewMethod = Pick<AuthenticatorRecord, 'userId' | 'type' | 'createdAt'>
  & Partial<Pick<AuthenticatorRecord, 'lastUsedAt' | 'sealedSecret' | 'lastUsedStep' | 'codes' | 'address'>>;

export async function methodOf(userId: string, type: AuthenticatorType): Promise<AuthenticatorRecord | null> {
  return Authenticator.findById(authenticatorId(userId, type)).lean<AuthenticatorRecord>();
}

/** Every method of the user, oldest first: one `_id` read per type, in parallel. */
export async function allMethodsOf(userId: string): Promise<AuthenticatorRecord[]> {
  const found = await Promise.all(TYPES.map((type) => methodOf(userId, type)));
  return found.filter((method): method is AuthenticatorRecord => method !== null)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Registers a method, replacing the user's method of that type if there is one. */
export async function putMethod(method: NewMethod): Promise<AuthenticatorRecord> {
  const record: AuthenticatorRecord = {
    ...method,
    _id: authenticatorId(method.userId, method.type),
    instance: randomBytes(9).toString('base64url'),
    consecutiveFailures: 0,
    permanentlyLocked: false,
  };
  const { _id, ...fields } = record;
  await retryOnDuplicateKey(() => collection<AuthenticatorRecord>().replaceOne({ _id }, fields, { upsert: true }));
  return record;
}

/** Removes these methods of the user; answers how many there were. */
export async function deleteMethods(userId: string, types: readonly AuthenticatorType[]): Promise<number> {
  let deleted = 0;
  for (const type of types) deleted += (await Authenticator.deleteOne({ _id: authenticatorId(userId, type) })).deletedCount;
  // Without an app, the user's next enrollment is a first one again.
  if (types.includes('totp')) await forgetClaim(enrollmentClaimKey(userId, NO_APP));
  return deleted;
}

interface LegacyRecord extends Omit<AuthenticatorRecord, '_id' | 'instance'> {
  _id: ObjectId;
}

function isLegacyRecord(doc: Document): doc is LegacyRecord {
  return typeof doc._id !== 'string' && typeof doc.userId === 'string' && TYPES.includes(doc.type as AuthenticatorType) && doc.createdAt instanceof Date;
}

/**
 * Methods stored before ids were `<userId>:<type>` (ObjectIds) move to their new id, once per
 * database; the old id becomes the instance, so claims already spent on them stay spent. Of
 * two of one type (a replacement cut short), the newer wins.
 */
export async function migrateAuthenticatorIds(now: Date): Promise<number> {
  return (await runOnce('authenticator-ids-v1', now, async () => {
    const legacy = (await collection<Document>().find({}).toArray()).filter(isLegacyRecord);
    legacy.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const newest = new Map<string, LegacyRecord>();
    for (const doc of legacy) newest.set(authenticatorId(doc.userId, doc.type), doc);
    for (const [id, doc] of newest) {
      const { _id: oldId, ...fields } = doc;
      await retryOnDuplicateKey(() => collection<AuthenticatorRecord>().updateOne({ _id: id }, { $setOnInsert: { ...fields, instance: oldId.toString() } }, { upsert: true }));
    }
    for (const doc of legacy) await collection<LegacyRecord>().deleteOne({ _id: doc._id });
    return newest.size;
  })) ?? 0;
}
