/**
 * Purging streams from their tails (src/db/purge-expired.ts runs it every 10 minutes), so the
 * cost follows what expired rather than the history's size: only streams whose head says
 * something may have expired (`expiresFrom`, lowered on every append) are read, each from its
 * tail by `_id $in` until the first entry still live, and the expired entries are deleted by
 * `_id`, with the events themselves for a stream that owns them (every sign-in's, every
 * detection's). A stream purges in order: an entry expiring before an older one (a shorter
 * retention set later) waits for it.
 */
import { collectionNamed } from '../collection.ts';
import { entriesAt, entries, entryId, heads } from './stream-entry.ts';

const SLICE = 500;
const SLICES_PER_STREAM = 20;

/** `owners`: stream name → the collection its refs are `_id`s of, deleted with their entries. */
export async function purgeStreams(now: Date, owners: Readonly<Record<string, string>>): Promise<number> {
  let removed = 0;
  // A scan of the heads (one document per stream), not of the entries.
  const due = await heads().find({ expiresFrom: { $lt: now } }).toArray();
  for (const head of due) {
    let tail = head.tail ?? 1;
    let nextExpiry: Date | null = null;
    for (let slice = 0; slice < SLICES_PER_STREAM && tail <= head.seq && !nextExpiry; slice += 1) {
      const positions = Array.from({ length: Math.min(SLICE, head.seq - tail + 1) }, (_, i) => ({ stream: head._id, seq: tail + i }));
      const found = await entriesAt(positions);
      const expired = [...found.values()].filter((entry) => entry.expiresAt <= now);
      const live = [...found.values()].filter((entry) => entry.expiresAt > now).sort((a, b) => a.seq - b.seq);
      const owner = owners[head._id];
      if (owner && expired.length) await collectionNamed<{ _id: string }>(owner).deleteMany({ _id: { $in: expired.map((entry) => entry.ref) } });
      if (expired.length) removed += (await entries().deleteMany({ _id: { $in: expired.map((entry) => entryId(head._id, entry.seq)) } })).deletedCount;
      const firstLive = live[0];
      if (firstLive) {
        tail = firstLive.seq;
        nextExpiry = live.reduce((earliest, entry) => (entry.expiresAt < earliest ? entry.expiresAt : earliest), firstLive.expiresAt);
      } else {
        tail += positions.length;
      }
    }
    await heads().updateOne({ _id: head._id }, { $max: { tail } });
    // The next time something here may expire: the first live entry's (or, all purged, none);
    // unchanged when the slice budget ran out first. Only if no append lowered it meanwhile.
    const unchanged = { _id: head._id, expiresFrom: head.expiresFrom ?? now };
    if (nextExpiry) await heads().updateOne(unchanged, { $set: { expiresFrom: nextExpiry } });
    else if (tail > head.seq) await heads().updateOne(unchanged, { $unset: { expiresFrom: '' } });
  }
  return removed;
}
