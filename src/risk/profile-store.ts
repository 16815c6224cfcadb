/**
 * Reading and writing the per-user risk profile with `_id` lookups and single-document updates.
 * Writes go through the driver (no mongoose defaults) and `$setOnInsert` only the top-level
 * fields the update does not touch, so an upsert never conflicts with its own `$inc`/`$set`.
 * FerretDB drops empty arrays and objects from `$setOnInsert` and matches `$pull` only on whole
 * elements (no conditions), so reads fill in defaults and pulls name the exact stored element.
 */
import { retryOnDuplicateKey } from '../db/duplicate-key.ts';
import { RiskProfile, type RiskProfileRecord } from './models/risk-profile.ts';

const DEFAULTS: Omit<RiskProfileRecord, '_id' | 'username' | 'updatedAt'> = {
  learnedSignIns: 0,
  devices: [],
  ips: [],
  networks: [],
  countries: [],
  browsers: [],
  fails: {},
  userDetections: {},
  riskySignIns: [],
  userRiskState: 'none',
  atRisk: false,
};

export function withDefaults(raw: Partial<RiskProfileRecord> & { _id: string }): RiskProfileRecord {
  return { ...structuredClone(DEFAULTS), username: raw._id, updatedAt: new Date(0), ...raw };
}

export async function readProfile(userId: string): Promise<RiskProfileRecord | null> {
  const raw = await RiskProfile.collection.findOne<Partial<RiskProfileRecord> & { _id: string }>({ _id: userId as never });
  return raw ? withDefaults(raw) : null;
}

export interface ProfileUpdate {
  $set?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $unset?: Record<string, ''>;
  $push?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
}

function topLevel(path: string): string {
  return path.split('.')[0] ?? path;
}

export async function writeProfile(userId: string, username: string | undefined, now: Date, update: ProfileUpdate): Promise<void> {
  const set: Record<string, unknown> = { ...update.$set, updatedAt: now };
  if (username) set.username = username;
  const touched = new Set<string>();
  for (const part of [set, update.$inc, update.$unset, update.$push, update.$pull]) {
    for (const path of Object.keys(part ?? {})) touched.add(topLevel(path));
  }
  const setOnInsert: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(DEFAULTS)) if (!touched.has(field)) setOnInsert[field] = value;
  if (!touched.has('username')) setOnInsert.username = userId;
  const doc: Record<string, unknown> = { $set: set };
  if (Object.keys(setOnInsert).length) doc.$setOnInsert = setOnInsert;
  if (update.$inc && Object.keys(update.$inc).length) doc.$inc = update.$inc;
  if (update.$unset && Object.keys(update.$unset).length) doc.$unset = update.$unset;
  if (update.$push && Object.keys(update.$push).length) doc.$push = update.$push;
  if (update.$pull && Object.keys(update.$pull).length) doc.$pull = update.$pull;
  await retryOnDuplicateKey(() => RiskProfile.collection.updateOne({ _id: userId as never }, doc, { upsert: true }));
}

/** The `$pull` removing a sign-in from the unremediated list, using the element exactly as stored. */
export function pullRiskySignIn(profile: RiskProfileRecord | null, eventId: string): Record<string, unknown> | undefined {
  const stored = profile?.riskySignIns.find((ref) => ref.eventId === eventId);
  return stored ? { riskySignIns: stored } : undefined;
}
