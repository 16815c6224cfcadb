/**
 * Every OIDC record, session state, risk profile and one-time claim is read, updated and deleted
 * by `_id`, so an `_id` lookup must use the `_id` index whatever the collection's size. FerretDB
 * 1.24's SQLite backend wrote the lookup differently from the index (scripts/ferretdb/id-index.patch)
 * and scanned the whole collection; the build we install fixes that. On a real MongoDB
 * (MONGODB_URI) the same test asks MongoDB's planner.
 */
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUri } from '../support/database.ts';

let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(testDatabaseUri('id-index'));
});
afterAll(async () => {
  await client.db().dropDatabase().catch(() => undefined);
  await client.close();
});

function usesIdIndex(explained: Document): boolean {
  if (explained.serverInfo?.ferretdbVersion) {
    const plan = (explained.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [];
    return plan.some((step) => /SEARCH .* USING INDEX \S*__id_/.test(step));
  }
  const text = JSON.stringify(explained.queryPlanner?.winningPlan ?? {});
  return /IDHACK|EXPRESS|IXSCAN/.test(text) && !/COLLSCAN/.test(text);
}

describe('an _id lookup', () => {
  it.each([
    ['a string id', 'oidc-like', (n: number): string | ObjectId => `record-${n}`],
    ['an ObjectId', 'user-like', (n: number): string | ObjectId => new ObjectId(n.toString(16).padStart(24, '0'))],
  ])('with %s uses the _id index', async (_kind, name, idFor) => {
    const collection = client.db().collection<{ _id: string | ObjectId; n: number }>(name);
    await collection.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: idFor(n), n })));
    const explained = await client.db().command({ explain: { find: name, filter: { _id: idFor(7) } } });
    expect(usesIdIndex(explained)).toBe(true);
    expect((await collection.findOne({ _id: idFor(7) }))?.n).toBe(7);
  });
});
