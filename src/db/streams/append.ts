/**
 * Appending to streams by claiming the seq with an insert (README.md, "Admin console"): seq =
 * head this process knows + 1 (1 for a stream it has not appended to), inserted as `_id`
 * `<stream>|<seq>`; a duplicate `_id` (always refused, even by FerretDB) means another writer
 * took that seq, so the entry tries again above the stored head (read, then probed past). One
 * `insertMany` (unordered) for everything an event joins and, at the same time, one `bulkWrite`
 * raising the heads with `$max`: a head raised for an insert that then lost points at the
 * winner's entry, and one raised for an insert that failed points at a hole, both harmless
 * (heads may lag or lead by that much; readers probe past and skip holes). Two commands, one
 * round trip, when nothing collides.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation } from 'mongodb';
import { isDuplicateKeyError } from '../duplicate-key.ts';
import { entryId, entries, heads, type StoredEntry, type StoredHead, type StreamItem } from './stream-entry.ts';
import { streamBounds } from './stream-bounds.ts';
import { learnSeq, reserveSeq } from './stream-writer-cache.ts';

/** Rounds of duplicate-key retries before an append gives up (each re-reads the heads). */
const MAX_ROUNDS = 8;

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

/**
 * Head updates per command: FerretDB 1.24 stops answering (every connection) when one update
 * command changes about 100 existing documents; 30 pass (measured). A sign-in's append sends
 * about 10, a backfill or a bench seeding thousands.
 */
export const HEAD_UPDATES_PER_COMMAND = 25;

/** Applies head updates in commands of at most HEAD_UPDATES_PER_COMMAND, one after another. */
export async function writeHeads(operations: AnyBulkWriteOperation<StoredHead>[]): Promise<void> {
  for (let from = 0; from < operations.length; from += HEAD_UPDATES_PER_COMMAND) {
    const chunk = operations.slice(from, from + HEAD_UPDATES_PER_COMMAND);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await heads().bulkWrite(chunk, { ordered: false });
        break;
      } catch (error) {
        // Two first appends upserting the same head: the loser's upsert is now an update ($max is idempotent).
        const failures = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [error];
        if (attempt >= 3 || !failures.every(isDuplicateKeyError)) throw error;
      }
    }
  }
}

function raiseHeads(highest: Map<string, { seq: number; expiresFrom: Date }>): Promise<void> {
  return writeHeads([...highest].map(([stream, { seq, expiresFrom }]) => ({
    updateOne: { filter: { _id: stream }, update: { $max: { seq }, $min: { expiresFrom } }, upsert: true },
  })));
}

/**
 * Appends each item at the end of its stream. Items of the same stream get consecutive seqs in
 * the given order. Resolves when every entry is written and the heads raised.
 */
export async function appendToStreams(items: readonly StreamItem[]): Promise<void> {
  if (!items.length) return;
  let pending = items.map((item) => ({ item, seq: reserveSeq(item.stream) }));
  for (let round = 1; ; round += 1) {
    const docs = pending.map(({ item, seq }) => ({ _id: entryId(item.stream, seq), ref: item.ref, at: item.at, expiresAt: item.expiresAt }));
    const [refused] = await Promise.all([insertClaims(docs), raiseHeads(highestOf(pending))]);
    pending = pending.filter((_, index) => refused.has(index));
    if (!pending.length) return;
    if (round >= MAX_ROUNDS) throw new Error(`stream append: seqs still taken after ${MAX_ROUNDS} rounds`);
    // Another writer is ahead: learn how far (its head, or a probe past it) and claim above.
    for (const [stream, bound] of await streamBounds(pending.map(({ item }) => item.stream))) learnSeq(stream, bound.head);
    pending = pending.map(({ item }) => ({ item, seq: reserveSeq(item.stream) }));
  }
}

/** Per stream, the highest seq claimed and the earliest expiry among these entries. */
function highestOf(claims: ReadonlyArray<{ item: StreamItem; seq: number }>): Map<string, { seq: number; expiresFrom: Date }> {
  const highest = new Map<string, { seq: number; expiresFrom: Date }>();
  for (const { item, seq } of claims) {
    const was = highest.get(item.stream);
    highest.set(item.stream, {
      seq: Math.max(was?.seq ?? 0, seq),
      expiresFrom: was && was.expiresFrom < item.expiresAt ? was.expiresFrom : item.expiresAt,
    });
  }
  return highest;
}
