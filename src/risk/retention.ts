/**
 * Indexes and expiry for the risk collections. On MongoDB each expiring collection gets a TTL
 * index on `expiresAt`; FerretDB refuses TTL indexes (code 238: skipped with one log line by
 * ensureIndexes), so reads skip expired records and purgeExpiredEvents() deletes them — call it
 * from the periodic purge job (or pass RISK_EXPIRING_COLLECTIONS to src/db/purge-expired.ts).
 */
import mongoose from 'mongoose';
import { ensureIndexes, type TtlSpec } from '../db/indexes.ts';
import type { Logger } from '../log.ts';
import { RiskCounter } from './models/risk-counter.ts';
import { RiskDetection } from './models/risk-detection.ts';
import { RiskPair } from './models/risk-pair.ts';
import { RiskProfile } from './models/risk-profile.ts';
import { SignInEvent } from './models/sign-in-event.ts';

export const RISK_EXPIRING_COLLECTIONS = ['sign_in_events', 'risk_detections', 'risk_counters', 'risk_pairs'];

export const RISK_TTL_INDEXES: TtlSpec[] = RISK_EXPIRING_COLLECTIONS.map((collection) => ({ collection, field: 'expiresAt' }));

/** The risk models' own indexes (declared on their schemas) and the TTL indexes where supported. */
export async function ensureRiskIndexes(logger: Logger): Promise<void> {
  for (const model of [SignInEvent, RiskProfile, RiskCounter, RiskDetection, RiskPair]) await model.createIndexes();
  await ensureIndexes([], RISK_TTL_INDEXES, logger);
}

/** Deletes expired sign-in events, detections, counters and markers; returns how many. */
export async function purgeExpiredEvents(now: Date): Promise<number> {
  const db = mongoose.connection.db;
  if (!db) return 0;
  let removed = 0;
  for (const name of RISK_EXPIRING_COLLECTIONS) removed += (await db.collection(name).deleteMany({ expiresAt: { $lt: now } })).deletedCount;
  return removed;
}
