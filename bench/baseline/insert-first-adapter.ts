/**
 * A what-if for src/oidc/adapter.ts, used only by the baseline with `--baseline-adapter=insert-first`:
 * records whose ids are always new (tokens, codes) are stored with insertOne instead of
 * replaceOne-with-upsert. On FerretDB 1.24 an insert costs the same whatever the collection size,
 * while an upsert scans the collection; on MongoDB both use the _id index. The record written is
 * the one MongoAdapter.upsert writes (mirrored here); a duplicate id falls back to the upsert.
 */
import mongoose from 'mongoose';
import type { AdapterPayload } from 'oidc-provider';
import { collectionName, MongoAdapter } from '../../src/oidc/adapter.ts';

const FRESH_IDS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'ClientCredentials', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const BY_ACCOUNT = new Set(['Session', 'Grant', 'RefreshToken', 'AccessToken', 'AuthorizationCode']);
const DUPLICATE_KEY = 11000;

export class InsertFirstAdapter extends MongoAdapter {
  readonly #model: string;

  constructor(name: string) {
    super(name);
    this.#model = name;
  }

  override async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const db = mongoose.connection.db;
    if (!FRESH_IDS.has(this.#model) || !db) return super.upsert(id, payload, expiresIn);
    const record: Record<string, unknown> = { _id: id, payload };
    if (expiresIn) record.expiresAt = new Date(Date.now() + expiresIn * 1000);
    if (payload.grantId) record.grantId = payload.grantId;
    if (payload.userCode) record.userCode = payload.userCode;
    if (payload.accountId && BY_ACCOUNT.has(this.#model)) record.accountId = payload.accountId;
    try {
      await db.collection<{ _id: string }>(collectionName(this.#model)).insertOne(record as { _id: string });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      await super.upsert(id, payload, expiresIn);
    }
  }
}
