/**
 * Our FerretDB build pushes `_id: {$in: [...]}` and top-level equalities on strings, ObjectIDs
 * and booleans down to SQLite (scripts/ferretdb/filter-pushdown.patch, bench/README.md). The
 * pushed condition may select more documents than the filter matches (FerretDB filters them
 * again), never fewer: the semantic cases below are MongoDB's answers and hold on MONGODB_URI
 * too. The planner cases ask SQLite's plan (FerretDB) or MongoDB's.
 */
import { MongoClient, ObjectId, type Collection, type Db, type Document, type Filter } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUri } from '../support/database.ts';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(testDatabaseUri('pushdown'));
  db = client.db();
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
});

const isFerret = (explained: Document): boolean => Boolean(explained.serverInfo?.ferretdbVersion);

async function explainFind(collection: string, filter: Document): Promise<Document> {
  return db.command({ explain: { find: collection, filter } });
}

/** SQLite's plan steps for FerretDB; MongoDB's winning plan as JSON otherwise. */
function planOf(explained: Document): string {
  if (isFerret(explained)) return ((explained.queryPlanner as { Plan?: string[] }).Plan ?? []).join('\n');
  return JSON.stringify(explained.queryPlanner?.winningPlan ?? {});
}

/** Every step reads the index named (a SQLite index name ends with the MongoDB one). */
function readsOnlyIndex(explained: Document, index: string): boolean {
  const plan = planOf(explained);
  if (!isFerret(explained)) return plan.includes('IXSCAN') && !plan.includes('COLLSCAN');
  const reads = plan.split('\n').filter((step) => /detail=(SEARCH|SCAN) /.test(step));
  return reads.length > 0 && reads.every((step) => new RegExp(`SEARCH \\S+ USING INDEX \\S+_${index} `).test(step));
}

const HEX = '65a1b2c3d4e5f60718293a4b';
const ODD = ['<>&"\\', 'Zürich ÆØÅ 中文', 'line\u2028separator\u2029', '😀 emoji', ''] as const;

interface Value { _id: string; f?: unknown; g?: string }

describe('an equality on a top-level field', () => {
  let values: Collection<Value>;

  beforeAll(async () => {
    values = db.collection<Value>('values');
    await values.insertMany([
      { _id: 'plain', f: 'v', g: 'w' },
      { _id: 'array-holding', f: ['x', 'v'], g: 'w' },
      { _id: 'array-without', f: ['x', 'y'] },
      { _id: 'missing' },
      { _id: 'null', f: null },
      { _id: 'document', f: { g: 'v' } },
      { _id: 'array-of-documents', f: [{ g: 'v' }] },
      { _id: 'objectid', f: new ObjectId(HEX) },
      { _id: 'hex-string', f: HEX },
      { _id: 'true', f: true },
      { _id: 'array-holding-true', f: [false, true] },
      { _id: 'string-true', f: 'true' },
      { _id: 'number', f: 1 },
      { _id: 'other-g', f: 'v', g: 'z' },
      ...ODD.map((text, n) => ({ _id: `odd-${n}`, f: text })),
    ]);
    await values.createIndex({ f: 1 });
    await values.createIndex({ g: 1 });
  });

  async function matched(filter: Filter<Value>): Promise<string[]> {
    const found = (await values.find(filter).toArray()).map((doc) => doc._id).sort();
    // count and aggregate take the same pushed-down filter: they must agree with find
    expect(await values.countDocuments(filter)).toBe(found.length);
    const aggregated = await values.aggregate([{ $match: filter }]).toArray();
    expect(aggregated.map((doc) => String(doc._id)).sort()).toEqual(found);
    return found;
  }

  it('matches the value and arrays holding it, nothing else', async () => {
    expect(await matched({ f: 'v' })).toEqual(['array-holding', 'other-g', 'plain']);
    expect(await matched({ f: 'x' })).toEqual(['array-holding', 'array-without']);
  });

  it('keeps strings, ObjectIds and booleans apart', async () => {
    expect(await matched({ f: HEX })).toEqual(['hex-string']);
    expect(await matched({ f: new ObjectId(HEX) })).toEqual(['objectid']);
    expect(await matched({ f: true })).toEqual(['array-holding-true', 'true']);
    expect(await matched({ f: false })).toEqual(['array-holding-true']);
    expect(await matched({ f: 'true' })).toEqual(['string-true']);
  });

  it.each(ODD.map((text, n) => [JSON.stringify(text), text, `odd-${n}`]))('finds the string %s', async (_label, text, id) => {
    expect(await matched({ f: text })).toEqual([id]);
  });

  it('answers two equalities, a dotted path and a null as MongoDB does', async () => {
    expect(await matched({ f: 'v', g: 'w' })).toEqual(['array-holding', 'plain']);
    expect(await matched({ g: 'w', f: 'x' })).toEqual(['array-holding']);
    expect(await matched({ 'f.g': 'v' })).toEqual(['array-of-documents', 'document']);
    expect(await matched({ f: null })).toEqual(['missing', 'null']);
    expect(await matched({ f: 'absent' })).toEqual([]);
  });

  it('finds the equalities inside a top-level $and', async () => {
    expect(await matched({ $and: [{ f: 'v' }, { g: 'w' }] })).toEqual(['array-holding', 'plain']);
    expect(await matched({ $and: [{ f: 'v' }, { $or: [{ g: 'z' }, { g: 'w' }] }] })).toEqual(['array-holding', 'other-g', 'plain']);
    expect(await matched({ $and: [{ f: 'v' }, { f: 'x' }] })).toEqual(['array-holding']);
    const explained = await explainFind('values', { $and: [{ f: 'v', g: { $ne: 'z' } }, { _id: { $ne: 'plain' } }] });
    expect(readsOnlyIndex(explained, 'f_1')).toBe(true);
  });

  it('is pushed down to the field\'s index; a dotted path or an operator is not pushed down', async () => {
    for (const value of ['v', new ObjectId(HEX), true]) expect(readsOnlyIndex(await explainFind('values', { f: value }), 'f_1')).toBe(true);
    const both = await explainFind('values', { f: 'v', g: 'w' });
    expect(readsOnlyIndex(both, 'f_1') || readsOnlyIndex(both, 'g_1')).toBe(true);
    const dotted = await explainFind('values', { 'f.g': 'v' });
    const operator = await explainFind('values', { f: { $eq: 'v' } });
    if (isFerret(dotted)) {
      expect((await explainFind('values', { f: 'v' })).filterPushdown).toBe(true);
      expect(dotted.filterPushdown).toBe(false);
      expect(operator.filterPushdown).toBe(false);
    }
  });
});

describe('_id $in', () => {
  let records: Collection<{ _id: string | ObjectId | number; n: number }>;
  const id = (n: number): string => `record-${n}`;

  beforeAll(async () => {
    records = db.collection('records');
    await records.insertMany([
      ...Array.from({ length: 1200 }, (_, n) => ({ _id: id(n), n })),
      { _id: new ObjectId(HEX), n: -1 },
      { _id: 7, n: -2 },
    ]);
  });

  async function ns(filter: Filter<{ _id: string | ObjectId | number; n: number }>): Promise<number[]> {
    return (await records.find(filter).toArray()).map((doc) => doc.n).sort((a, b) => a - b);
  }

  it('finds each listed id once, duplicates and mixed types alike', async () => {
    expect(await ns({ _id: { $in: [id(3), id(1), id(3), 'nobody'] } })).toEqual([1, 3]);
    expect(await ns({ _id: { $in: [id(2), new ObjectId(HEX)] } })).toEqual([-1, 2]);
    expect(await ns({ _id: { $in: [id(2), 7] } })).toEqual([-2, 2]);
    expect(await ns({ _id: { $in: [HEX] } })).toEqual([]);
    expect(await ns({ _id: { $in: [] } })).toEqual([]);
    expect(await ns({ _id: { $in: Array.from({ length: 1100 }, (_, n) => id(n + 50)) } })).toHaveLength(1100);
  });

  it('reads the _id index', async () => {
    const explained = await explainFind('records', { _id: { $in: [id(5), id(9), new ObjectId(HEX)] } });
    expect(readsOnlyIndex(explained, '_id_')).toBe(true);
    if (isFerret(explained)) expect(explained.filterPushdown).toBe(true);
  });
});

describe('updateMany and deleteMany with a pushed-down filter', () => {
  it('touch exactly the matching documents', async () => {
    const tasks = db.collection<{ _id: string; owner: unknown; state: string }>('tasks');
    await tasks.createIndex({ owner: 1 });
    await tasks.insertMany([
      { _id: 'open-a', owner: 'a', state: 'open' },
      { _id: 'open-ab', owner: ['a', 'b'], state: 'open' },
      { _id: 'closed-a', owner: 'a', state: 'closed' },
      { _id: 'open-b', owner: 'b', state: 'open' },
      { _id: 'open-hex', owner: new ObjectId(HEX), state: 'open' },
      { _id: 'open-nested', owner: { a: 'a' }, state: 'open' },
    ]);

    const updated = await tasks.updateMany({ owner: 'a', state: 'open' }, { $set: { state: 'done' } });
    expect([updated.matchedCount, updated.modifiedCount]).toEqual([2, 2]);
    const done = await tasks.find({ state: 'done' }).toArray();
    expect(done.map((task) => task._id).sort()).toEqual(['open-a', 'open-ab']);

    expect((await tasks.updateMany({ owner: HEX }, { $set: { state: 'x' } })).matchedCount).toBe(0);
    expect((await tasks.deleteMany({ owner: 'b' })).deletedCount).toBe(2);
    expect((await tasks.deleteMany({ _id: { $in: ['closed-a', 'open-b', 'nobody'] } })).deletedCount).toBe(1);
    const left = await tasks.find({}).toArray();
    expect(left.map((task) => task._id).sort()).toEqual(['open-a', 'open-hex', 'open-nested']);
  });
});
