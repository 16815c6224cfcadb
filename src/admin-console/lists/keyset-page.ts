/**
 * Newest-first keyset paging over a collection sorted by (at, _id) descending: a page is the
 * first `size` rows strictly after the cursor, read on an index ending in `at, _id` (see the
 * risk models) — no skip, no count, so a deep page costs what the first one does on MongoDB, and
 * rows written meanwhile (newer than the cursor) never shift a page.
 */
import type { Collection, Document } from 'mongodb';
import { encodeCursor, type ListCursor } from './cursor.ts';

export interface KeysetRow { _id: string; at: Date }

export interface KeysetPage<R> {
  rows: R[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}

export const SORT = { at: -1, _id: -1 } as const;

/** The filter with the "strictly after the cursor" condition added. */
export function afterCursor(filter: Document, after: ListCursor | null): Document {
  if (!after) return filter;
  const at = new Date(after.at);
  return { $and: [filter, { at: { $lte: at } }, { $or: [{ at: { $lt: at } }, { _id: { $lt: after.id } }] }] };
}

export async function keysetPage<R extends KeysetRow>(collection: Collection, filter: Document, after: ListCursor | null, size: number): Promise<KeysetPage<R>> {
  const rows = await collection.find<R>(afterCursor(filter, after)).sort(SORT).limit(size + 1).toArray();
  const more = rows.length > size;
  const shown = more ? rows.slice(0, size) : rows;
  const last = shown.at(-1);
  return { rows: shown, next: more && last ? encodeCursor({ at: last.at.getTime(), id: last._id }) : null };
}

/**
 * Every matching row, newest first, at most `limit` (for the CSV export): one cursor the driver
 * reads in batches, so the database sorts or walks its index once (FerretDB scans once, not once
 * per batch).
 */
export async function* keysetAll<R extends KeysetRow>(collection: Collection, filter: Document, limit: number): AsyncGenerator<R> {
  yield* collection.find<R>(filter).sort(SORT).limit(limit).batchSize(1000);
}
