/**
 * Where a stream starts and ends, for readers: the stored head and tail, then a forward probe
 * past the head, because the head is raised after the insert (and FerretDB's `$max` is not
 * atomic under concurrency), so it may lag behind the entries a moment or for good.
 */
import { entriesAt, entryId, heads } from './stream-entry.ts';
import { knownSeq } from './stream-writer-cache.ts';

export interface StreamBounds {
  /** Lowest seq that may be present (1 when nothing was purged or backfilled; at or below 0 after a backfill). */
  tail: number;
  /** Highest seq present (0 when the stream is empty). */
  head: number;
}

/** Positions read past a stored head per probe command. */
export const PROBE = 32;

/**
 * The stored bounds of each stream (or what this process appended, if more), in one read of the
 * heads and no probe: the head may lag by the few entries whose `$max` lost a race. For a reader
 * that reads past the head anyway (a list's first page, stream-page.ts) or needs only the tail.
 */
export async function storedBounds(streams: readonly string[]): Promise<Map<string, StreamBounds>> {
  const unique = [...new Set(streams)];
  const bounds = new Map<string, StreamBounds>(unique.map((stream) => [stream, { tail: 1, head: knownSeq(stream) }]));
  if (!unique.length) return bounds;
  for (const stored of await heads().find({ _id: { $in: unique } }).toArray()) {
    const known = bounds.get(stored._id);
    if (known) bounds.set(stored._id, { tail: stored.tail ?? 1, head: Math.max(known.head, stored.seq) });
  }
  return bounds;
}

/** The bounds of each stream: one read of the heads and one probe (more only when a probe comes back full). */
export async function streamBounds(streams: readonly string[]): Promise<Map<string, StreamBounds>> {
  const unique = [...new Set(streams)];
  const bounds = await storedBounds(unique);
  if (!unique.length) return bounds;
  let probing = unique;
  while (probing.length) {
    const positions = probing.flatMap((stream) => Array.from({ length: PROBE }, (_, i) => ({ stream, seq: (bounds.get(stream)?.head ?? 0) + 1 + i })));
    const found = await entriesAt(positions);
    const next: string[] = [];
    for (const stream of probing) {
      const bound = bounds.get(stream);
      if (!bound) continue;
      let head = bound.head;
      for (let seq = head + 1; seq <= bound.head + PROBE; seq += 1) if (found.has(entryId(stream, seq))) head = seq;
      if (head === bound.head + PROBE) next.push(stream);
      bounds.set(stream, { ...bound, head });
    }
    probing = next;
  }
  return bounds;
}

/** The highest seq of a stream (0 when empty). */
export async function headSeq(stream: string): Promise<number> {
  return (await streamBounds([stream])).get(stream)?.head ?? 0;
}
