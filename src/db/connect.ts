/**
 * One mongoose connection per process. Commands are not buffered: while the database is
 * unreachable a request fails fast (503 page, /readyz false) instead of hanging, and the driver
 * keeps reconnecting in the background.
 */
import mongoose from 'mongoose';
import type { Logger } from '../log.ts';

mongoose.set('strictQuery', true);

/** `monitorCommands` lets a test count the commands a request sends (see the round-trip tests). */
export async function connectDatabase(uri: string, logger: Logger, options: { monitorCommands?: boolean } = {}): Promise<typeof mongoose> {
  mongoose.connection.on('disconnected', () => logger.warn('database disconnected; reconnecting'));
  mongoose.connection.on('reconnected', () => logger.info('database reconnected'));
  mongoose.connection.on('error', (error: Error) => logger.error({ err: error.message }, 'database error'));
  await mongoose.connect(uri, {
    bufferCommands: false,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    socketTimeoutMS: 30_000,
    autoIndex: false,
    monitorCommands: options.monitorCommands ?? false,
  });
  return mongoose;
}

export async function isDatabaseReady(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 2000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

export function isDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.name;
  return name === 'MongooseServerSelectionError' || name === 'MongoServerSelectionError'
    || name === 'MongoNetworkError' || name === 'MongoNetworkTimeoutError' || name === 'MongoNotConnectedError'
    || name === 'MongoTopologyClosedError' || name === 'MongoPoolClearedError'
    || /Client must be connected|buffering timed out|connection .* closed/i.test(error.message);
}
