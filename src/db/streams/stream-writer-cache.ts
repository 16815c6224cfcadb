/**
 * This process's knowledge of each stream's highest seq, so an append usually claims its seq at
 * the first insert (one command) instead of reading the head first; a stream it has not
 * appended to yet starts at seq 1, a guess that is right for every new stream. Keyed by database as well as
 * stream: a process may open more than one (tests do). Another process appending to the same
 * stream makes this lag; the append's duplicate-key retry (append.ts) catches it up.
 */
import { connectedDb } from '../collection.ts';

const known = new Map<string, number>();

function keyOf(stream: string): string {
  return `${connectedDb().databaseName}\u0000${stream}`;
}

/** The highest seq this process knows for the stream, 0 when it knows nothing. */
export function knownSeq(stream: string): number {
  return known.get(keyOf(stream)) ?? 0;
}

/** Records that `seq` is taken (never lowers what is known). */
export function learnSeq(stream: string, seq: number): void {
  const key = keyOf(stream);
  if ((known.get(key) ?? -1) < seq) known.set(key, seq);
}

/** The next seq to claim, taken now so that concurrent appends of this process never collide. */
export function reserveSeq(stream: string): number {
  const key = keyOf(stream);
  const seq = (known.get(key) ?? 0) + 1;
  known.set(key, seq);
  return seq;
}

/** Forgets everything (a test simulating another process, or a rebuilt stream). */
export function forgetStreamSeqs(): void {
  known.clear();
}
