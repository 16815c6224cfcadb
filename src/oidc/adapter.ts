/**
 * oidc-provider's storage on MongoDB: one collection per model (`oidc_session`, `oidc_grant`…).
 * Expiry is honoured on every read because FerretDB has no TTL indexes; on real MongoDB the TTL
 * index on `expiresAt` also removes the documents. Each write is one single-document operation.
 */
import { isDuplicateKeyError, retryOnDuplicateKey } from '../db/duplicate-key.ts';
import type { Collection, Db } from 'mongodb';
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { claimOnce } from '../db/claim-once.ts';
import { connectedDb } from '../db/collection.ts';
import type { IndexSpec, TtlSpec } from '../db/indexes.ts';


interface StoredRecord {
  _id: string;
  payload: AdapterPayload;
  expiresAt?: Date;
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
}

/** Models whose records must be found by account, so a password reset can end them all. */
const BY_ACCOUNT = new Set(['Session', 'Grant', 'RefreshToken', 'AccessToken', 'AuthorizationCode']);

/**
 * Records whose ids are always new random values: stored with a plain insert (a cheap append on
 * every server; FerretDB evaluates an upsert's filter by scanning), falling back to the upsert
 * when oidc-provider saves one again.
 */
const FRESH_IDS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'ClientCredentials', 'DeviceCode', 'BackchannelAuthenticationRequest', 'PushedAuthorizationRequest']);

export const OIDC_MODELS = [
  'Session', 'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'ClientCredentials',
  'Client', 'InitialAccessToken', 'RegistrationAccessToken', 'Interaction', 'ReplayDetection',
  'PushedAuthorizationRequest', 'Grant', 'BackchannelAuthenticationRequest',
] as const;

/**
 * Where each session's uid points: `{ _id: uid, sessionId }`. oidc-provider finds a session by
 * uid on every code exchange and refresh grant; an `_id` read is indexed on every server, while
 * FerretDB evaluates any other filter by decoding the whole collection (bench/README.md,
 * "FerretDB 1.24 and collection sizes"). The pointer is only a shortcut: a missing or stale one
 * falls back to the query by uid, so a crash between the two writes costs time, never a session.
 */
export const SESSION_UID_COLLECTION = 'oidc_session_uid';

export function collectionName(model: string): string {
  return `oidc_${model.replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase())}`;
}

export function oidcIndexes(): { indexes: IndexSpec[]; ttls: TtlSpec[] } {
  const indexes: IndexSpec[] = [];
  const ttls: TtlSpec[] = OIDC_MODELS.map((model) => ({ collection: collectionName(model), field: 'expiresAt' }));
  for (const model of OIDC_MODELS) {
    const collection = collectionName(model);
    if (['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest'].includes(model)) {
      indexes.push({ collection, keys: { grantId: 1 } });
    }
    if (model === 'Session') indexes.push({ collection, keys: { uid: 1 } });
    if (model === 'DeviceCode') indexes.push({ collection, keys: { userCode: 1 } });
    if (BY_ACCOUNT.has(model)) indexes.push({ collection, keys: { accountId: 1 } });
  }
  return { indexes, ttls };
}

function isLive(record: StoredRecord | null): record is StoredRecord {
  return record !== null && (!record.expiresAt || record.expiresAt.getTime() > Date.now());
}

export class MongoAdapter implements Adapter {
  readonly #name: string;

  constructor(name: string) {
    this.#name = name;
  }

  get #db(): Db {
    return connectedDb();
  }

  get #collection(): Collection<StoredRecord> {
    return this.#db.collection<StoredRecord>(collectionName(this.#name));
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const record: Omit<StoredRecord, '_id'> = { payload };
    if (expiresIn) record.expiresAt = new Date(Date.now() + expiresIn * 1000);
    if (payload.grantId) record.grantId = payload.grantId;
    if (payload.userCode) record.userCode = payload.userCode;
    if (payload.uid && this.#name === 'Session') record.uid = payload.uid;
    if (payload.accountId && BY_ACCOUNT.has(this.#name)) record.accountId = payload.accountId;
    if (FRESH_IDS.has(this.#name)) {
      try {
        await this.#collection.insertOne({ _id: id, ...record });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    await retryOnDuplicateKey(() => this.#collection.replaceOne({ _id: id }, record, { upsert: true }));
    if (record.uid) await this.#pointUid(record.uid, id, record.expiresAt);
  }

  async #pointUid(uid: string, sessionId: string, expiresAt: Date | undefined): Promise<void> {
    const pointers = this.#db.collection<{ _id: string; sessionId: string; expiresAt?: Date }>(SESSION_UID_COLLECTION);
    await retryOnDuplicateKey(() => pointers.replaceOne({ _id: uid }, { sessionId, ...(expiresAt ? { expiresAt } : {}) }, { upsert: true }));
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const record = await this.#collection.findOne({ _id: id });
    return isLive(record) ? record.payload : undefined;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const record = await this.#collection.findOne({ userCode });
    return isLive(record) ? record.payload : undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const pointer = await this.#db.collection<{ _id: string; sessionId: string }>(SESSION_UID_COLLECTION).findOne({ _id: uid });
    const pointed = pointer ? await this.#collection.findOne({ _id: pointer.sessionId }) : null;
    const record = pointed?.uid === uid ? pointed : await this.#collection.findOne({ uid });
    return isLive(record) ? record.payload : undefined;
  }

  /**
   * Single use, atomically (src/db/claim-once.ts): of two concurrent redemptions of one code or
   * refresh token only the first is marked consumed; the second is refused as an invalid grant.
   */
  async consume(id: string): Promise<void> {
    const now = new Date();
    const claimed = await claimOnce(`oidc:${this.#name}:${id}`, now, new Date(now.getTime() + 30 * 24 * 3600 * 1000));
    if (!claimed) throw new errors.InvalidGrant('grant request is invalid');
    await this.#collection.updateOne({ _id: id }, { $set: { 'payload.consumed': Math.floor(now.getTime() / 1000) } });
  }

  async destroy(id: string): Promise<void> {
    await this.#collection.deleteOne({ _id: id });
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#collection.deleteMany({ grantId });
  }
}

/** Ends every session, grant and token of an account (password reset, compromise, disable). */
export async function revokeAllForAccount(accountId: string): Promise<number> {
  const db = connectedDb();
  let removed = 0;
  for (const model of BY_ACCOUNT) {
    const result = await db.collection(collectionName(model)).deleteMany({ accountId });
    removed += result.deletedCount;
  }
  return removed;
}

/**
 * After a password change inside a sign-in: every other session and every token ends, while the
 * session completing this sign-in (and the grants it needs) stays.
 */
export async function revokeOtherSessionsForAccount(accountId: string, keepSessionId: string | undefined): Promise<number> {
  const db = connectedDb();
  let removed = 0;
  const sessions = await db.collection<StoredRecord>(collectionName('Session')).deleteMany(keepSessionId ? { accountId, _id: { $ne: keepSessionId } } : { accountId });
  removed += sessions.deletedCount;
  for (const model of ['RefreshToken', 'AccessToken', 'AuthorizationCode']) {
    removed += (await db.collection(collectionName(model)).deleteMany({ accountId })).deletedCount;
  }
  return removed;
}
