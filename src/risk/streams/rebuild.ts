/**
 * `lists rebuild`: files the sign-ins and detections recorded before the streams existed (or
 * before a database was restored without them) into their streams, walking each collection once,
 * newest first, from just below the oldest entry its all-events stream holds (everything at or
 * after that was appended live). Runs alongside a live Vigil: backfilled entries go below each
 * stream's tail, live ones above its head (src/db/streams/backfill.ts). Running it again finds
 * nothing older to file. Events recorded in the very millisecond of the oldest live entry are
 * taken as filed already.
 */
import type { Collection, Document } from 'mongodb';
import { backfill, startBackfill } from '../../db/streams/backfill.ts';
import { storedBounds } from '../../db/streams/stream-bounds.ts';
import { entriesAt, type StreamItem } from '../../db/streams/stream-entry.ts';
import { RiskDetection, type RiskDetectionRecord } from '../models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from '../models/sign-in-event.ts';
import { DETECTIONS_STREAM, detectionStreamItems } from './detection-streams.ts';
import { SIGN_INS_STREAM, signInStreamItems } from './sign-in-streams.ts';

const BATCH = 1000;

export interface RebuildCounts { signIns: number; detections: number }

/** The time of the oldest entry of the stream (the first live append), null for an empty stream. */
export async function oldestFiled(stream: string): Promise<Date | null> {
  const bound = (await storedBounds([stream])).get(stream) ?? { tail: 1, head: 0 };
  // The tail's entry may be a hole (a writer that stopped): look a little above it.
  for (let from = bound.tail; from <= bound.head; from += 64) {
    const positions = Array.from({ length: Math.min(64, bound.head - from + 1) }, (_, i) => ({ stream, seq: from + i }));
    const found = [...(await entriesAt(positions)).values()].sort((a, b) => a.seq - b.seq)[0];
    if (found) return found.at;
  }
  return null;
}

async function fileOlder<R extends Document & { at: Date }>(collection: Collection, stream: string, itemsOf: (record: R) => StreamItem[]): Promise<number> {
  const before = await oldestFiled(stream);
  const filter = before ? { at: { $lt: before } } : {};
  const cursor = startBackfill();
  let filed = 0;
  let batch: StreamItem[] = [];
  // One walk, newest first (on FerretDB a scan and an in-memory sort, once).
  for await (const record of collection.find<R>(filter).sort({ at: -1, _id: -1 }).batchSize(BATCH)) {
    batch.push(...itemsOf(record));
    filed += 1;
    if (filed % BATCH === 0) {
      await backfill(cursor, batch);
      batch = [];
    }
  }
  await backfill(cursor, batch);
  return filed;
}

export async function rebuildListStreams(): Promise<RebuildCounts> {
  const signIns = await fileOlder<SignInEventRecord>(SignInEvent.collection, SIGN_INS_STREAM, signInStreamItems);
  const detections = await fileOlder<RiskDetectionRecord>(RiskDetection.collection, DETECTIONS_STREAM, detectionStreamItems);
  return { signIns, detections };
}
