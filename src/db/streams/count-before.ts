/**
 * How many entries of a stream are older than a time: a binary search on seq by `at`. Searches
 * step together — every time of every stream asked at once — so each step is one `_id $in` read
 * of their midpoints (and one more of the next few positions when a midpoint is a hole): about
 * log2 of the longest stream's length in commands, however many streams and times. A stream is in time order up to concurrent appends' disorder (two appends a few
 * milliseconds apart may take their seqs in the other order), so a count is exact up to the
 * entries within that much of `t`. Entries below the tail (purged) count as older than any `t`,
 * so the difference of two counts is the number of entries between the two times.
 */
import { entriesAt, entryId } from './stream-entry.ts';
import { streamBounds, type StreamBounds } from './stream-bounds.ts';

/** Positions looked at per search step per time: a hole at the midpoint looks at the next few. */
const WINDOW = 4;

interface Search { stream: string; t: number; lo: number; hi: number }

/** One stream's times to search, within its bounds. */
export interface BoundedSearch { stream: string; times: readonly Date[]; bound: StreamBounds }

/** Per search, per time, the highest seq whose entry has `at` < t (tail - 1 when none). */
export async function seqsBeforeEach(asked: readonly BoundedSearch[]): Promise<number[][]> {
  // Invariant: the entry at lo (or the tail's sentinel) is before t; the entry at hi (or the head's) is not.
  const searches: Search[][] = asked.map(({ stream, times, bound }) => times.map((time) => ({ stream, t: time.getTime(), lo: bound.tail - 1, hi: bound.head + 1 })));
  const all = searches.flat();
  for (;;) {
    const open = all.filter((search) => search.hi - search.lo > 1);
    if (!open.length) break;
    const windows = open.map((search) => {
      const mid = Math.floor((search.lo + search.hi) / 2);
      return { search, mid, last: Math.min(mid + WINDOW - 1, search.hi - 1) };
    });
    const found = await entriesAt(windows.map(({ search, mid }) => ({ stream: search.stream, seq: mid })));
    // Only a midpoint that is a hole needs the positions after it: one more read, rarely.
    const holes = windows.filter(({ search, mid }) => !found.has(entryId(search.stream, mid)));
    const after = await entriesAt(holes.flatMap(({ search, mid, last }) => Array.from({ length: last - mid }, (_, i) => ({ stream: search.stream, seq: mid + 1 + i }))));
    for (const [id, entry] of after) found.set(id, entry);
    for (const { search, mid, last } of windows) {
      let seq = mid;
      while (seq <= last && !found.has(entryId(search.stream, seq))) seq += 1;
      const entry = seq <= last ? found.get(entryId(search.stream, seq)) : undefined;
      // A window of holes only (a writer that stopped, or a purge above the tail): counted as older.
      if (!entry || entry.at.getTime() < search.t) search.lo = entry ? seq : last;
      else search.hi = seq;
    }
  }
  return searches.map((times) => times.map((search) => search.lo));
}

/** Per time, the highest seq whose entry has `at` < t (tail - 1 when none), searched within the bounds. */
export async function seqsBefore(stream: string, times: readonly Date[], bound: StreamBounds): Promise<number[]> {
  const [seqs = []] = await seqsBeforeEach([{ stream, times, bound }]);
  return seqs;
}

/**
 * Per stream asked, per time t, how many of its entries have `at` < t (the seq the binary search
 * finds, purged entries included: subtract two counts for the entries between two times). One
 * read of the bounds, then one read per search step for all the streams together.
 */
export async function countBeforeEach(asked: ReadonlyArray<{ stream: string; times: readonly Date[] }>): Promise<number[][]> {
  const searched = asked.filter((search) => search.times.length);
  const bounds = searched.length ? await streamBounds(searched.map((search) => search.stream)) : new Map<string, StreamBounds>();
  return seqsBeforeEach(asked.map((search) => ({ ...search, bound: bounds.get(search.stream) ?? { tail: 1, head: 0 } })));
}

/** Per time t, how many entries of the stream have `at` < t (countBeforeEach for one stream). */
export async function countBefore(stream: string, times: readonly Date[]): Promise<number[]> {
  const [counts = []] = await countBeforeEach([{ stream, times }]);
  return counts;
}
