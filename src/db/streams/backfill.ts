/**
 * Filling streams with what was recorded before they existed (`npm run admin -- lists rebuild`):
 * below each stream's tail, newest first, at seqs tail − 1, tail − 2, … (zero and negative
 * positions are positions like any other). Live appends only ever claim seqs above the head, so
 * they never meet a backfill, and readers see a backfilled batch once the tail is lowered past
 * it. Claimed by insert as appends are: a duplicate `_id` means another backfill is running, and
 * this one stops.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { isDuplicateKeyError } from '../duplicate-key.ts';
import { writeHeads } from './append.ts';
import { entries, entryId, type StoredHead, type StreamItem } from './stream-entry.ts';
import { storedBounds } from './stream-bounds.ts';

export class BackfillConflict extends Error {}

/** Where each stream's next backfilled entry goes: one below the lowest seq written so far. */
export interface BackfillCursor { next: Map<string, number> }

export function startBackfill(): BackfillCursor {
  return { next: new Map() };
}

/** Writes items below their streams' tails; `items` newest first (each older than everything in its stream). */
export async function backfill(cursor: BackfillCursor, items: readonly StreamItem[]): Promise<void> {
  if (!items.length) return;
  const unknown = [...new Set(items.map((item) => item.stream))].filter((stream) => !cursor.next.has(stream));
  for (const [stream, bound] of await storedBounds(unknown)) cursor.next.set(stream, bound.tail - 1);
  const lowest = new Map<string, { seq: number; expiresFrom: Date }>();
  const docs = items.map((item) => {
    const seq = cursor.next.get(item.stream) ?? 0;
    cursor.next.set(item.stream, seq - 1);
    const was = lowest.get(item.stream);
    lowest.set(item.stream, { seq, expiresFrom: was && was.expiresFrom < item.expiresAt ? was.expiresFrom : item.expiresAt });
    return { _id: entryId(item.stream, seq), ref: item.ref, at: item.at, expiresAt: item.expiresAt };
  });
  try {
    await entries().insertMany(docs, { ordered: false });
  } catch (error) {
    const failures = (error as { writeErrors?: unknown }).writeErrors;
    if (isDuplicateKeyError(error) || (Array.isArray(failures) && failures.some(isDuplicateKeyError))) throw new BackfillConflict('another rebuild is writing the same streams');
    throw error;
  }
  // The head only matters for a stream that had nothing yet (its head becomes its highest backfilled seq).
  const operations: AnyBulkWriteOperation<StoredHead>[] = [...lowest].map(([stream, { seq, expiresFrom }]) => ({
    updateOne: { filter: { _id: stream }, update: { $min: { tail: seq, expiresFrom }, $max: { seq: seq } }, upsert: true },
  }));
  await writeHeads(operations);
}
