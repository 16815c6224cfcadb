/**
 * The OIDC records in a database (sessions, grants, codes, tokens, interactions, spent one-time
 * claims). On FerretDB 1.24 every lookup and update costs time proportional to the size of its
 * collection (see bench/README.md), so each scenario starts from empty OIDC collections on both
 * sides: its figures then do not depend on what ran before it. Neither server keeps these
 * records in memory, so deleting them between scenarios is like starting on a fresh database.
 */
import { CLAIMS_COLLECTION } from '../../src/db/claim-once.ts';
import { collectionName, OIDC_MODELS } from '../../src/oidc/adapter.ts';
import { databaseAt } from './database-connections.ts';

const COLLECTIONS = [...OIDC_MODELS.filter((model) => model !== 'Client').map(collectionName), CLAIMS_COLLECTION];

export async function resetOidcState(uri: string): Promise<void> {
  const db = await databaseAt(uri);
  for (const name of COLLECTIONS) await db.collection(name).deleteMany({});
}

/** Empties one model's collection, e.g. the client-credentials tokens between runs. */
export async function clearCollection(uri: string, model: (typeof OIDC_MODELS)[number]): Promise<void> {
  await (await databaseAt(uri)).collection(collectionName(model)).deleteMany({});
}

export async function countOidcRecords(uri: string): Promise<Record<string, number>> {
  const db = await databaseAt(uri);
  const counts: Record<string, number> = {};
  for (const name of COLLECTIONS) {
    const count = await db.collection(name).estimatedDocumentCount();
    if (count > 0) counts[name] = count;
  }
  return counts;
}

export async function countActiveSessions(uri: string): Promise<number> {
  const db = await databaseAt(uri);
  return db.collection(collectionName('Session')).countDocuments({ expiresAt: { $gt: new Date() } });
}
