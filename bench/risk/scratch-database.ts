/**
 * The risk engine's models live on mongoose's default connection, which nothing else in the
 * driver process uses: here it is pointed at a scratch database of the bench's FerretDB (never
 * Vigil's), with command monitoring on so every command the engine sends can be counted, and the
 * risk indexes Vigil creates at boot. Dropped at the end, also on failure or Ctrl-C.
 */
import mongoose from 'mongoose';
import type { Collection, Db, Document, MongoClient } from 'mongodb';
import { silentLogger } from '../../src/log.ts';
import { ensureRiskIndexes } from '../../src/risk/index.ts';
import { onCleanup } from '../support/cleanup.ts';

export interface ScratchDatabase {
  client: MongoClient;
  /** Drops the database and disconnects; safe to call more than once. */
  close(): Promise<void>;
}

export async function openScratchDatabase(uri: string): Promise<ScratchDatabase> {
  if (mongoose.connection.readyState !== 0) throw new Error('mongoose\'s default connection is already in use in the driver process');
  await mongoose.connect(uri, { monitorCommands: true, autoIndex: false, serverSelectionTimeoutMS: 5000 });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      try {
        await mongoose.connection.dropDatabase();
      } finally {
        // Only this connection: mongoose.disconnect() would also close the driver's other ones.
        await mongoose.connection.close();
      }
    })();
    return closing;
  };
  onCleanup(`drop ${uri}`, close);
  await ensureRiskIndexes(silentLogger);
  return { client: mongoose.connection.getClient(), close };
}

function scratchDb(): Db {
  const db = mongoose.connection.db;
  if (!db) throw new Error('the scratch database is not connected');
  return db;
}

/** A collection of the scratch database (mongoose's default connection). */
export function collection<T extends Document = Document>(name: string): Collection<T> {
  return scratchDb().collection<T>(name);
}

/** How many documents a collection holds, from collStats (FerretDB's `count` decodes every document). */
export async function documentsIn(name: string): Promise<number> {
  const { count } = await scratchDb().command({ collStats: name });
  if (typeof count !== 'number') throw new Error(`collStats ${name}: no count`);
  return count;
}
