/**
 * The stored shape of the `_id`-keyed streams (docs/ARCHITECTURE.md, "Streams"): an entry is
 * `<stream>|<seq>` in `stream_entries` (seq 1, 2, 3… per stream, appended in time order), and a
 * stream's head (highest seq known, may lag) and tail (lowest seq not purged) are one document
 * in `stream_heads`. Every read is an `_id` equality or `$in`: the only lookups FerretDB 1.24
 * serves from an index.
 */
import type { Collection } from 'mongodb';
import { collectionNamed } from '../collection.ts';

export const STREAM_ENTRIES = 'stream_entries';
export const STREAM_HEADS = 'stream_heads';

/** What one event adds to one stream. */
export interface StreamItem {
  stream: string;
  /** The event's `_id`. */
  ref: string;
  /** The event's time: a stream is in `at` order, up to concurrent appends' small disorder. */
  at: Date;
  expiresAt: Date;
}

/** An entry read back, with its position. */
export interface StreamEntry {
  seq: number;
  ref: string;
  at: Date;
  expiresAt: Date;
}

export interface StoredEntry {
  _id: string;
  ref: string;
  at: Date;
  expiresAt: Date;
}

export interface StoredHead {
  _id: string;
  /** Highest seq written as far as the writers told (raised with `$max`; may lag behind). */
  seq: number;
  /** Lowest seq that may still be present: everything below was purged. */
  tail?: number;
  /** The earliest `expiresAt` the purge has not yet looked at (lowered with `$min` on append). */
  expiresFrom?: Date;
}

export function entryId(stream: string, seq: number): string {
  return `${stream}|${seq}`;
}

export function entries(): Collection<StoredEntry> {
  return collectionNamed<StoredEntry>(STREAM_ENTRIES);
}

export function heads(): Collection<StoredHead> {
  return collectionNamed<StoredHead>(STREAM_HEADS);
}

/** Ids per `$in`: our FerretDB build serves an `_id $in` of at most 1,000 from the index (scripts/ferretdb.sh). */
export const IDS_PER_READ = 1000;

/** The entries present at these positions of these streams: one `_id $in` read per 1,000 positions, in parallel. */
export async function entriesAt(positions: ReadonlyArray<{ stream: string; seq: number }>): Promise<Map<string, StreamEntry>> {
  const found = new Map<string, StreamEntry>();
  if (!positions.length) return found;
  const ids = [...new Set(positions.map((p) => entryId(p.stream, p.seq)))];
  const chunks = Array.from({ length: Math.ceil(ids.length / IDS_PER_READ) }, (_, i) => ids.slice(i * IDS_PER_READ, (i + 1) * IDS_PER_READ));
  const read = await Promise.all(chunks.map((chunk) => entries().find({ _id: { $in: chunk } }).toArray()));
  for (const stored of read.flat()) {
    const seq = Number(stored._id.slice(stored._id.lastIndexOf('|') + 1));
    found.set(stored._id, { seq, ref: stored.ref, at: stored.at, expiresAt: stored.expiresAt });
  }
  return found;
}
