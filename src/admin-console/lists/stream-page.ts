/**
 * Newest-first paging of a list over a stream (src/db/streams/, README.md "Admin console"): the
 * filter's most selective stream (the shortest of its equalities', else every event's) is read
 * by position below the cursor, the events behind each slice by `_id $in`, and each event is
 * re-checked against the whole filter (its state and level may have changed since it was
 * appended). A page reads on until it has its rows or has looked at SCAN_BUDGET positions; then
 * it shows what it found and its cursor continues from there. The cursor is the position and
 * the stream's key (never the stream's name, which holds the filter's values): rows recorded
 * while paging are appended above it, so a page never repeats or hides one. Every read is by
 * `_id`, so a page costs the same at any depth and any history size on FerretDB too.
 */
import { seqsBefore } from '../../db/streams/count-before.ts';
import { sliceBelow } from '../../db/streams/newest-first.ts';
import { PROBE, storedBounds, type StreamBounds } from '../../db/streams/stream-bounds.ts';
import type { StreamEntry } from '../../db/streams/stream-entry.ts';
import { encodeCursor, type ListCursor } from './cursor.ts';
import type { ListFilter } from './filters.ts';
import type { KeysetPage } from './keyset-page.ts';
import type { ListDefinition, ListRow } from './list-definition.ts';

/** Stream positions one page request looks at, at most, before it offers to continue. */
export const SCAN_BUDGET = 2000;
const FIRST_SLICE = 100;
const LARGEST_SLICE = 1000;

export type StreamPage<R> = KeysetPage<R>;

interface Walk { key: string; stream: string; before: number; tail: number }

/** Where the filter's read starts: the cursor's stream and position, or the shortest stream's head (below `to`). Null: a forged cursor. */
async function startOf<R extends ListRow>(list: ListDefinition<R>, filter: ListFilter, after: ListCursor | null): Promise<Walk | null> {
  const candidates = list.streams(filter);
  if (after) {
    const stream = candidates[after.id];
    if (!stream) return null;
    // Only the tail is needed: a forged position above the head reads holes, within the scan budget.
    const bound = (await storedBounds([stream])).get(stream) ?? { tail: 1, head: 0 };
    return { key: after.id, stream, before: after.at, tail: bound.tail };
  }
  const bounds = await storedBounds(Object.values(candidates));
  const length = (bound: StreamBounds | undefined): number => bound ? bound.head - bound.tail + 1 : 0;
  const [key = '', stream = ''] = Object.entries(candidates).sort(([, a], [, b]) => length(bounds.get(a)) - length(bounds.get(b)))[0] ?? [];
  const bound = bounds.get(stream) ?? { tail: 1, head: 0 };
  // The first slice reads past the stored head, which may lag by the few entries whose `$max` lost a race.
  let before = bound.head + 1 + PROBE;
  if (filter.to) {
    const [last = 0] = await seqsBefore(stream, [filter.to], bound);
    // Concurrent appends may put an entry a few positions from its time: the rows are re-checked anyway.
    before = Math.min(before, last + 1 + 16);
  }
  return { key, stream, before, tail: bound.tail };
}

/** Slices of the stream below the walk's position, each with the live events of its entries, oldest-first stop at `from`. */
async function* slices<R extends ListRow>(list: ListDefinition<R>, walk: Walk, filter: ListFilter, budget: number): AsyncGenerator<{ entries: StreamEntry[]; rows: Map<string, R>; next: number | null }> {
  let before: number | null = walk.before;
  let size = FIRST_SLICE;
  let scanned = 0;
  while (before !== null && scanned < budget) {
    const count = Math.min(size, budget - scanned);
    const slice = await sliceBelow(walk.stream, before, count, walk.tail);
    scanned += count;
    const loaded = slice.entries.length ? await list.load([...new Set(slice.entries.map((entry) => entry.ref))]) : [];
    const reachedFrom = filter.from !== undefined && slice.entries.length > 0 && slice.entries.every((entry) => entry.at < (filter.from as Date));
    yield { entries: slice.entries, rows: new Map(loaded.map((row) => [row._id, row])), next: reachedFrom ? null : slice.next };
    before = reachedFrom ? null : slice.next;
    size = Math.min(size * 2, LARGEST_SLICE);
  }
}

export async function streamPage<R extends ListRow>(list: ListDefinition<R>, filter: ListFilter, after: ListCursor | null, size: number, now: Date): Promise<StreamPage<R> | null> {
  const walk = await startOf(list, filter, after);
  if (!walk) return null;
  const rows: R[] = [];
  const shown = new Set<string>();
  let next: number | null = walk.before;
  for await (const slice of slices(list, walk, filter, SCAN_BUDGET)) {
    for (const entry of slice.entries) {
      const row = slice.rows.get(entry.ref);
      if (!row || shown.has(row._id) || !list.matches(row, filter, now)) continue;
      if (rows.length === size) return { rows, next: encodeCursor({ at: entry.seq + 1, id: walk.key }) };
      rows.push(row);
      shown.add(row._id);
    }
    next = slice.next;
  }
  return { rows, next: next === null ? null : encodeCursor({ at: next, id: walk.key }) };
}

/** Every matching row, newest first, at most `limit` (the CSV export): the same walk with no scan budget. */
export async function* streamAll<R extends ListRow>(list: ListDefinition<R>, filter: ListFilter, now: Date, limit: number): AsyncGenerator<R> {
  const walk = await startOf(list, filter, null);
  if (!walk) return;
  let left = limit;
  const shown = new Set<string>();
  for await (const slice of slices(list, walk, filter, Number.POSITIVE_INFINITY)) {
    for (const entry of slice.entries) {
      const row = slice.rows.get(entry.ref);
      if (!row || shown.has(row._id) || !list.matches(row, filter, now)) continue;
      shown.add(row._id);
      yield row;
      left -= 1;
      if (left === 0) return;
    }
  }
}
