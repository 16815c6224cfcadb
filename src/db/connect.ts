/**
 * One mongoose connection per process. Commands are not buffered, and the driver gives up
 * looking for a server after a second: while the database is unreachable a request fails fast
 * (503 with Retry-After, /readyz false) instead of hanging, and the driver keeps reconnecting in
 * the background. A replica set election longer than that is answered 503 too, rather than
 * holding requests. Only the first connection, at boot, waits longer for a database that is
 * still starting.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import type { Logger } from '../log.ts';

mongoose.set('strictQuery', true);

/** How long one operation waits for a reachable server before it fails (and the request gets 503). */
export const SERVER_SELECTION_TIMEOUT_MS = 1000;
/** How long the first connection (boot, an admin command) waits for the database to answer. */
const FIRST_CONNECTION_WAIT_MS = 5000;

/** `monitorCommands` lets a test count the commands a request sends (see the round-trip tests). */
export async function connectDatabase(uri: string, logger: Logger, options: { monitorCommands?: boolean } = {}): Promise<typeof mongoose> {
  mongoose.connection.on('disconnected', () => logger.warn('database disconnected; reconnecting'));
  mongoose.connection.on('reconnected', () => logger.info('database reconnected'));
  mongoose.connection.on('error', (error: Error) => logger.error({ err: error.message }, 'database error'));
  const settings = {
    bufferCommands: false,
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: 5000,
    socketTimeoutMS: 30_000,
    autoIndex: false,
    monitorCommands: options.monitorCommands ?? false,
  };
  const deadline = Date.now() + FIRST_CONNECTION_WAIT_MS;
  for (;;) {
    try {
      await mongoose.connect(uri, settings);
      return mongoose;
    } catch (error) {
      if (!isDatabaseError(error) || Date.now() >= deadline) throw error;
      logger.warn({ err: (error as Error).message }, 'database not reachable yet; retrying');
      await sleep(500);
    }
  }
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
