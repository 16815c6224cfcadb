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
import { DETECTIONS_STREAM } from '../risk/streams/detection-streams.ts';
import { SIGN_INS_STREAM } from '../risk/streams/sign-in-streams.ts';
import { purgeStreams } from './streams/purge.ts';

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

/**
 * The event collections purged through their streams (src/db/streams/purge.ts): their expired
 * documents are deleted by `_id` from the streams' tails, never by an `expiresAt` scan, which on
 * FerretDB decodes the whole collection (events recorded before the streams are filed into them
 * by `npm run admin -- lists rebuild`).
 */
export const STREAM_PURGED: Readonly<Record<string, string>> = { [SIGN_INS_STREAM]: 'sign_in_events', [DETECTIONS_STREAM]: 'risk_detections' };

export async function purgeExpired(now: Date, extraCollections: string[] = []): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) return 0;
  let removed = 0;
  const throughStreams = new Set(Object.values(STREAM_PURGED));
  for (const name of [...EXPIRING_COLLECTIONS, ...extraCollections]) {
    if (throughStreams.has(name)) continue;
    removed += (await db.collection(name).deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  }
  return removed + await purgeStreams(now, STREAM_PURGED);
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
