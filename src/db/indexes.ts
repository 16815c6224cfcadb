/**
 * Index creation at boot. TTL indexes only exist on real MongoDB: FerretDB 1.x refuses them
 * (NotImplemented), so we skip them with one log line and every read honours expiry itself.
 */
import mongoose from 'mongoose';
import type { Logger } from '../log.ts';

const NOT_IMPLEMENTED = 238;
let ttlSupported: boolean | undefined;

export interface IndexSpec {
  collection: string;
  keys: Record<string, 1 | -1>;
  options?: { unique?: boolean; name?: string };
}

export interface TtlSpec {
  collection: string;
  field: string;
}

export async function ensureIndexes(indexes: IndexSpec[], ttls: TtlSpec[], logger: Logger): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  for (const index of indexes) {
    await db.collection(index.collection).createIndex(index.keys, index.options ?? {});
  }
  for (const ttl of ttls) {
    if (ttlSupported === false) continue;
    try {
      await db.collection(ttl.collection).createIndex({ [ttl.field]: 1 }, { expireAfterSeconds: 0, name: `${ttl.field}_ttl` });
      ttlSupported = true;
    } catch (error) {
      if ((error as { code?: number }).code !== NOT_IMPLEMENTED) throw error;
      ttlSupported = false;
      logger.info('database has no TTL indexes (FerretDB): expiry is enforced on read and by the purge job');
    }
  }
}

export async function ensureModelIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createIndexes();
  }
}
