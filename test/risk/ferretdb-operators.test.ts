/**
 * The update operators the risk engine relies on, checked on the test database (FerretDB 1.24 in
 * CI): nested `$inc` upserts with `$unset`/`$set`/`$setOnInsert` in one update, `$push`, `$pull`
 * by field, duplicate `_id` refusal, `updateMany` with `$in`, and what FerretDB does NOT do
 * (`$push` `$slice`), which is why the engine never depends on it.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnect } from './support.ts';

interface Doc {
  _id: string;
  h?: Record<string, Record<string, number>>;
  kind?: string;
  state?: string;
  k?: number;
  list?: number[];
  refs?: Array<{ eventId: string; level: string; at: Date }>;
  d?: Record<string, { level: string }>;
}

beforeAll(() => connect('risk-ops'));
afterAll(disconnect);

function collection() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  return db.collection<Doc>('ops');
}

describe('operators used by the risk engine', () => {
  it('nested $inc upsert with $set, $setOnInsert and $unset of other paths', async () => {
    const c = collection();
    await c.updateOne({ _id: 'k' }, { $inc: { 'h.t10.a': 1, 'h.t10.f': 1 }, $set: { kind: 'ip' }, $setOnInsert: { state: 'none' } }, { upsert: true });
    await c.updateOne({ _id: 'k' }, { $inc: { 'h.t11.a': 1 }, $unset: { 'h.t10': '' }, $set: { kind: 'ip' }, $setOnInsert: { state: 'never' } }, { upsert: true });
    expect(await c.findOne({ _id: 'k' })).toEqual({ _id: 'k', h: { t11: { a: 1 } }, kind: 'ip', state: 'none' });
  });

  it('documents that empty arrays in $setOnInsert cannot be relied on (FerretDB drops them): reads fill defaults', async () => {
    const c = collection();
    await c.updateOne({ _id: 'empty' }, { $set: { k: 1 }, $setOnInsert: { list: [] } }, { upsert: true });
    expect([[], undefined]).toContainEqual((await c.findOne({ _id: 'empty' }))?.list);
  });

  it('$push of an object, $pull of the exact stored element, $set of a nested path', async () => {
    const c = collection();
    const at = new Date('2026-03-02T12:00:00Z');
    await c.updateOne({ _id: 'p' }, { $push: { refs: { eventId: 'a', level: 'high', at } } }, { upsert: true });
    await c.updateOne({ _id: 'p' }, { $push: { refs: { eventId: 'b', level: 'medium', at } } });
    const stored = (await c.findOne({ _id: 'p' }))?.refs ?? [];
    await c.updateOne({ _id: 'p' }, { $pull: { refs: stored[0] as never }, $set: { 'd.leaked': { level: 'high' } } });
    expect(await c.findOne({ _id: 'p' })).toEqual({ _id: 'p', refs: [{ eventId: 'b', level: 'medium', at }], d: { leaked: { level: 'high' } } });
  });

  it('refuses a duplicate _id with code 11000 (the insert-once marker)', async () => {
    const c = collection();
    await c.insertOne({ _id: 'once' });
    await expect(c.insertOne({ _id: 'once' })).rejects.toMatchObject({ code: 11000 });
  });

  it('updateMany with $in on _id plus a condition', async () => {
    const c = collection();
    await c.insertMany([{ _id: 'e1', state: 'atRisk' }, { _id: 'e2', state: 'none' }, { _id: 'e3', state: 'atRisk' }]);
    await c.updateMany({ _id: { $in: ['e1', 'e2'] }, state: 'atRisk' }, { $set: { state: 'remediated' } });
    expect((await c.find({ _id: { $in: ['e1', 'e2', 'e3'] } }).sort({ _id: 1 }).toArray()).map((doc) => doc.state)).toEqual(['remediated', 'none', 'atRisk']);
  });

  it('documents that $push $slice cannot be relied on (FerretDB ignores it; MongoDB applies it)', async () => {
    const c = collection();
    await c.insertOne({ _id: 's', list: [] });
    await c.updateOne({ _id: 's' }, { $push: { list: { $each: [1, 2, 3], $slice: -2 } } });
    const list = (await c.findOne({ _id: 's' }))?.list;
    expect([[2, 3], [1, 2, 3]]).toContainEqual(list);
  });
});
