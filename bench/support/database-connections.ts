/**
 * The driver's own connections to Vigil's and the baseline's databases (for resetting state,
 * counting and seeding sessions), opened once and closed at cleanup.
 */
import mongoose, { type Connection } from 'mongoose';
import type { Db } from 'mongodb';
import { onCleanup } from './cleanup.ts';

const open = new Map<string, Connection>();

export async function databaseAt(uri: string): Promise<Db> {
  let connection = open.get(uri);
  if (!connection) {
    connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000, autoIndex: false }).asPromise();
    open.set(uri, connection);
    const closing = connection;
    onCleanup(`close ${uri}`, () => closing.close());
  }
  const db = connection.db;
  if (!db) throw new Error(`${uri}: not connected`);
  return db;
}
