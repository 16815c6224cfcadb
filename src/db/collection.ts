/**
 * A collection of the open connection, typed by what it holds, for writes that go to the driver
 * directly (a string `_id` insert as a uniqueness check, upserts, bulk inserts). When the
 * connection is not open the error is the one isDatabaseError() recognises, so a request gets
 * the database-unavailable page.
 */
import type { Collection, Db, Document } from 'mongodb';
import mongoose from 'mongoose';

export function connectedDb(): Db {
  const db = mongoose.connection.db;
  if (!db) throw new Error('Client must be connected before running operations');
  return db;
}

export function collectionNamed<T extends Document>(name: string): Collection<T> {
  return connectedDb().collection<T>(name);
}
