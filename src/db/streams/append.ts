/**
 * Appending to streams by claiming the seq with an insert (README.md, "Admin console"): seq =
 * known head + 1, inserted as `_id` `<stream>|<seq>`; a duplicate `_id` (always refused, even by
 * FerretDB) means another writer took that seq, so the entry tries again above the stored head.
 * One `insertMany` (unordered) for everything an event joins, then one `bulkWrite` raising the
 * heads with `$max` (which may lag under concurrency: readers probe past it).
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation } from 'mongodb';
import { isDuplicateKeyError } from '../duplicate-key.ts';
import { entryId, entries, heads, type StoredEntry, type StoredHead, type StreamItem } from './stream-entry.ts';
import { streamBounds } from './stream-bounds.ts';
import { cachedSeq, learnSeq, reserveSeq } from './stream-writer-cache.ts';

/** Rounds of duplicate-key retries before an append gives up (each re-reads the heads). */
const MAX_ROUNDS = 8;

/** Learns the heads of streams this process has not appended to yet (one read + probe for all). */
async function seedUnknown(streams: readonly string[]): Promise<void> {
  const unknown = [...new Set(streams)].filter((stream) => cachedSeq(stream) < 0);
  if (!unknown.length) return;
  for (const [stream, bound] of await streamBounds(unknown)) learnSeq(stream, bound.head);
}

/** The indexes of the documents refused as duplicates; any other error is thrown. */
async function insertClaims(docs: StoredEntry[]): Promise<Set<number>> {
  try {
    await entries().insertMany(docs, { ordered: false });
    return new Set();
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) && !isDuplicateKeyError(error)) throw error;
    const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
    if (!writeErrors.length) {
      if (docs.length === 1) return new Set([0]);
      throw error;
    }
    if (writeErrors.some((failure) => !isDuplicateKeyError(failure))) throw error;
    return new Set(writeErrors.map((failure) => failure.index));
  }
}

async function raiseHeads(highest: Map<string, { seq: number; expiresFrom: Date }>): Promise<void> {
  const operations: AnyBulkWriteOperation<StoredHead>[] = [...highest].map(([stream, { seq, expiresFrom }]) => ({
    updateOne: { filter: { _id: stream }, update: { $max: { seq }, $min: { expiresFrom } }, upsert: true },
  }));
  if (!operations.length) return;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await heads().bulkWrite(operations, { ordered: false });
      return;
    } catch (error) {
      // Two first appends upserting the same head: the loser's upsert is now an update ($max is idempotent).
      const failures = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [error];
      if (attempt >= 3 || !failures.every(isDuplicateKeyError)) throw error;
    }
  }
}

/**
 * Appends each item at the end of its stream. Items of the same stream get consecutive seqs in
 * the given order. Resolves when every entry is written and the heads raised.
 */
export async function appendToStreams(items: readonly StreamItem[]): Promise<void> {
  if (!items.length) return;
  await seedUnknown(items.map((item) => item.stream));
  let pending = items.map((item) => ({ item, seq: reserveSeq(item.stream) }));
  const highest = new Map<string, { seq: number; expiresFrom: Date }>();
  for (let round = 1; pending.length; round += 1) {
    const docs = pending.map(({ item, seq }) => ({ _id: entryId(item.stream, seq), ref: item.ref, at: item.at, expiresAt: item.expiresAt }));
    const refused = await insertClaims(docs);
    pending.forEach(({ item, seq }, index) => {
      if (refused.has(index)) return;
      const was = highest.get(item.stream);
      highest.set(item.stream, {
        seq: Math.max(was?.seq ?? 0, seq),
        expiresFrom: was && was.expiresFrom < item.expiresAt ? was.expiresFrom : item.expiresAt,
      });
    });
    pending = pending.filter((_, index) => refused.has(index));
    if (!pending.length) break;
    if (round >= MAX_ROUNDS) throw new Error(`stream append: seqs still taken after ${MAX_ROUNDS} rounds`);
    // Another writer is ahead: learn how far (its head, or a probe past it) and claim above.
    for (const [stream, bound] of await streamBounds(pending.map(({ item }) => item.stream))) learnSeq(stream, bound.head);
    pending = pending.map(({ item }) => ({ item, seq: reserveSeq(item.stream) }));
  }
  await raiseHeads(highest);
}
