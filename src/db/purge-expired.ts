/**
 * Removes expired records where the database has no TTL indexes (FerretDB). Correctness never
 * depends on it — every read checks expiry — it only keeps the collections small. On MongoDB the
 * TTL indexes do the same work and this finds little to delete.
 */
import mongoose from 'mongoose';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import { OIDC_MODELS, SESSION_UID_COLLECTION, collectionName } from '../oidc/adapter.ts';
import { THROTTLES_COLLECTION } from './throttle.ts';
import { CLAIMS_COLLECTION } from './claim-once.ts';
import { CHALLENGES_COLLECTION } from '../mfa/passkeys/challenge.ts';

export const EXPIRING_COLLECTIONS = [
  ...OIDC_MODELS.map(collectionName),
  SESSION_UID_COLLECTION,
  CLAIMS_COLLECTION,
  THROTTLES_COLLECTION,
  'session_states',
  'registration_flows',
  'reset_flows',
  'reset_codes',
  'self_service_sessions',
  'report_only_events',
  CHALLENGES_COLLECTION,
];

export async function purgeExpired(now: Date, extraCollections: string[] = []): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) return 0;
  let removed = 0;
  for (const name of [...EXPIRING_COLLECTIONS, ...extraCollections]) {
    removed += (await db.collection(name).deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
  return removed;
}

export function schedulePurge(clock: Clock, logger: Logger, intervalMs: number, extraCollections: string[] = []): () => void {
  const timer = setInterval(() => {
    purgeExpired(clock.now(), extraCollections)
      .then((removed) => { if (removed) logger.info({ removed }, 'purged expired records'); })
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'purge of expired records failed'));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
