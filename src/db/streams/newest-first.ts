/**
 * Reading a stream newest first, by position: one `_id $in` read of the positions just below a
 * seq. Positions without an entry (purged, or a writer that stopped between claiming and
 * writing) are holes and skipped; the caller re-checks each entry's event, as entries are only
 * candidates (an event changes after it was appended).
 */
import { entriesAt, type StreamEntry } from './stream-entry.ts';
import { streamBounds } from './stream-bounds.ts';

export interface StreamSlice {
  /** Present entries, highest seq first. */
  entries: StreamEntry[];
  /** The `beforeSeq` of the next slice, or null when this one reached the stream's tail. */
  next: number | null;
}

/** The entries at positions [from, before), highest first; `tail` is where the stream starts. */
export async function sliceBelow(stream: string, before: number, count: number, tail: number): Promise<StreamSlice> {
  const from = Math.max(tail, before - count);
  if (before <= from) return { entries: [], next: null };
  const positions = Array.from({ length: before - from }, (_, i) => ({ stream, seq: before - 1 - i }));
  const found = await entriesAt(positions);
  const present = positions.flatMap((position) => {
    const entry = found.get(`${stream}|${position.seq}`);
    return entry ? [entry] : [];
  });
  return { entries: present, next: from > tail ? from : null };
}

/**
 * The newest `limit` positions of a stream below `beforeSeq` (from its head when omitted), in
 * two or three commands: the bounds (head read and probe), then the entries.
 */
export async function newestFirst(stream: string, options: { beforeSeq?: number; limit: number }): Promise<StreamSlice> {
  const bound = (await streamBounds([stream])).get(stream) ?? { tail: 1, head: 0 };
  const before = Math.min(options.beforeSeq ?? bound.head + 1, bound.head + 1);
  return sliceBelow(stream, before, options.limit, bound.tail);
}
