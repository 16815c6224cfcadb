/**
 * The `_id`-keyed streams (src/db/streams/) on the real database: appends claim their seq by
 * insert, so concurrent writers (this process and others that know nothing of its cache) lose
 * and duplicate no entry; readers skip holes and probe past a lagging head; the binary search
 * counts entries before a time.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToStreams } from '../../src/db/streams/append.ts';
import { countBefore } from '../../src/db/streams/count-before.ts';
import { newestFirst } from '../../src/db/streams/newest-first.ts';
import { purgeStreams } from '../../src/db/streams/purge.ts';
import { headSeq } from '../../src/db/streams/stream-bounds.ts';
import { entries, entryId, heads, type StreamItem } from '../../src/db/streams/stream-entry.ts';
import { forgetStreamSeqs } from '../../src/db/streams/stream-writer-cache.ts';
import { disconnect } from '../risk/support.ts';
import { testDatabaseUri } from '../support/database.ts';

const T0 = Date.UTC(2026, 0, 1);
const FAR = new Date(T0 + 365 * 86_400_000);

function item(stream: string, n: number, at = T0 + n * 1000): StreamItem {
  return { stream, ref: `e${n}`, at: new Date(at), expiresAt: FAR };
}

async function refsOf(stream: string): Promise<string[]> {
  const stored = await entries().find({ _id: { $in: Array.from({ length: 400 }, (_, i) => entryId(stream, i + 1)) } }).toArray();
  return stored.map((entry) => entry.ref);
}

beforeAll(async () => { await mongoose.connect(testDatabaseUri('streams'), { autoIndex: false, monitorCommands: true }); });
afterAll(disconnect);

describe('appending', () => {
  it('gives consecutive seqs from 1 and raises the head', async () => {
    await appendToStreams([item('a', 1), item('a', 2), item('b', 3)]);
    await appendToStreams([item('a', 4)]);
    expect(await headSeq('a')).toBe(3);
    expect(await headSeq('b')).toBe(1);
    expect(await headSeq('never')).toBe(0);
    expect((await heads().findOne({ _id: 'a' }))?.seq).toBe(3);
    const slice = await newestFirst('a', { limit: 10 });
    expect(slice.entries.map((e) => [e.seq, e.ref])).toEqual([[3, 'e4'], [2, 'e2'], [1, 'e1']]);
    expect(slice.next).toBeNull();
  });

  it('loses and duplicates nothing when 50 appends race, half of them from writers with no cache (other processes)', async () => {
    await appendToStreams([item('race', 0)]);
    const racing = Array.from({ length: 50 }, (_, n) => {
      // Forgetting the cache mid-race is what another process's writer looks like: it starts from the stored head.
      if (n % 2) forgetStreamSeqs();
      return appendToStreams([item('race', n + 1), item(`race-${n % 5}`, n + 1)]);
    });
    await Promise.all(racing);
    const refs = await refsOf('race');
    expect(refs.length).toBe(51);
    expect(new Set(refs).size).toBe(51);
    expect(await headSeq('race')).toBe(51);
    for (let k = 0; k < 5; k += 1) expect((await refsOf(`race-${k}`)).length).toBe(10);
  });

  it('claims above entries another writer added when its cache lags', async () => {
    await appendToStreams([item('lag', 1)]);
    // Another process wrote seqs 2..5 and never raised the head.
    await entries().insertMany([2, 3, 4, 5].map((seq) => ({ _id: entryId('lag', seq), ref: `other${seq}`, at: new Date(T0 + seq * 1000), expiresAt: FAR })));
    await appendToStreams([item('lag', 6)]);
    expect((await newestFirst('lag', { limit: 10 })).entries.map((e) => e.ref)).toEqual(['e6', 'other5', 'other4', 'other3', 'other2', 'e1']);
    forgetStreamSeqs();
    expect(await headSeq('lag')).toBe(6);
  });
});

describe('reading', () => {
  it('reads newest first below a seq, skipping holes, and probes past a head that lags', async () => {
    await appendToStreams(Array.from({ length: 10 }, (_, n) => item('holes', n + 1)));
    await entries().deleteMany({ _id: { $in: [entryId('holes', 4), entryId('holes', 5), entryId('holes', 9)] } });
    await entries().insertOne({ _id: entryId('holes', 11), ref: 'unheaded', at: new Date(T0 + 11_000), expiresAt: FAR });
    forgetStreamSeqs();
    const first = await newestFirst('holes', { limit: 4 });
    expect(first.entries.map((e) => e.seq)).toEqual([11, 10, 8]);
    expect(first.next).toBe(8);
    const second = await newestFirst('holes', { beforeSeq: first.next ?? 0, limit: 4 });
    expect(second.entries.map((e) => e.seq)).toEqual([7, 6]);
    expect(second.next).toBe(4);
    const last = await newestFirst('holes', { beforeSeq: second.next ?? 0, limit: 4 });
    expect(last.entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(last.next).toBeNull();
  });

  it('counts the entries before each time by binary search, holes and the purged tail included', async () => {
    await appendToStreams(Array.from({ length: 300 }, (_, n) => item('count', n + 1, T0 + (n + 1) * 60_000)));
    const at = (minutes: number) => new Date(T0 + minutes * 60_000);
    expect(await countBefore('count', [at(0), at(1), at(1.5), at(150), at(300), at(301), at(10_000)])).toEqual([0, 0, 1, 149, 299, 300, 300]);
    // A hole at the searched time still counts the present entries around it.
    await entries().deleteMany({ _id: { $in: [entryId('count', 149), entryId('count', 150)] } });
    expect(await countBefore('count', [at(100), at(200)])).toEqual([99, 199]);
    // Purged below 100: those entries still count as older than any time.
    await entries().deleteMany({ _id: { $in: Array.from({ length: 99 }, (_, i) => entryId('count', i + 1)) } });
    await heads().updateOne({ _id: 'count' }, { $set: { tail: 100 } });
    expect(await countBefore('count', [at(50), at(120), at(400)])).toEqual([99, 119, 300]);
    expect(await countBefore('empty', [at(1)])).toEqual([0]);
  });

  it('is `_id` reads only', async () => {
    const commands: Array<{ name: string; filter: unknown }> = [];
    const client = mongoose.connection.getClient();
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find') commands.push({ name: event.commandName, filter: event.command.filter });
    };
    client.on('commandStarted', listener);
    try {
      await newestFirst('count', { limit: 50 });
      await countBefore('count', [new Date(T0 + 100 * 60_000)]);
    } finally {
      client.off('commandStarted', listener);
    }
    expect(commands.length).toBeGreaterThan(3);
    for (const command of commands) expect(Object.keys(command.filter as object)).toEqual(['_id']);
  });
});

describe('purging', () => {
  it('deletes the expired entries and their events from the tail, then reads nothing until the next expiry', async () => {
    const now = new Date(T0 + 10 * 86_400_000);
    const expiry = (n: number) => new Date(now.getTime() + (n <= 30 ? -1000 : n * 1000));
    const events = mongoose.connection.db!.collection<{ _id: string; expiresAt: Date }>('purge_events');
    await events.insertMany(Array.from({ length: 40 }, (_, n) => ({ _id: `p${n + 1}`, expiresAt: expiry(n + 1) })));
    await appendToStreams(Array.from({ length: 40 }, (_, n) => ({ stream: 'owned', ref: `p${n + 1}`, at: new Date(T0 + n), expiresAt: expiry(n + 1) })));
    await appendToStreams(Array.from({ length: 40 }, (_, n) => ({ stream: 'index', ref: `p${n + 1}`, at: new Date(T0 + n), expiresAt: expiry(n + 1) })));

    expect(await purgeStreams(now, { owned: 'purge_events' })).toBe(60);
    expect(await events.countDocuments({})).toBe(10);
    for (const stream of ['owned', 'index']) {
      expect((await heads().findOne({ _id: stream }))?.tail).toBe(31);
      expect((await newestFirst(stream, { limit: 100 })).entries.map((e) => e.ref)).toEqual(Array.from({ length: 10 }, (_, n) => `p${40 - n}`));
      // The purged entries still count as older than any time.
      expect(await countBefore(stream, [new Date(T0 + 35)])).toEqual([35]);
    }

    const finds: string[] = [];
    const client = mongoose.connection.getClient();
    const listener = (event: { commandName: string; command: Record<string, unknown> }) => { finds.push(`${event.commandName} ${String(event.command[event.commandName])}`); };
    client.on('commandStarted', listener);
    try {
      expect(await purgeStreams(new Date(now.getTime() + 1000), { owned: 'purge_events' })).toBe(0);
    } finally {
      client.off('commandStarted', listener);
    }
    // Nothing is due until entry 31 expires: one read of the heads, no entry read.
    expect(finds).toEqual(['find stream_heads']);
  });
});

