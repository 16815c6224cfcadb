/**
 * `lists rebuild`'s part for report-only decisions (src/admin/commands/lists.ts): those recorded
 * before their streams existed, filed below each policy's and decision's stream (there is no
 * stream of every decision: each is compared with its own stream's oldest entry), in one walk
 * newest first, each kind noted for the overview (report-only-streams.ts). Safe beside live
 * appends, as the sign-ins' rebuild is (src/risk/streams/rebuild.ts).
 */
import { backfill, startBackfill } from '../db/streams/backfill.ts';
import type { StreamItem } from '../db/streams/stream-entry.ts';
import { oldestFiled } from '../risk/streams/rebuild.ts';
import { ReportOnlyEvent, type ReportOnlyEventRecord } from './report-only-event.ts';
import { noteReportOnlyKind, reportOnlyStreamItem } from './report-only-streams.ts';

const BATCH = 1000;

/** Files the decisions older than their stream's oldest entry; returns how many. */
export async function rebuildReportOnlyStreams(): Promise<number> {
  const oldest = new Map<string, Date | null>();
  const cursor = startBackfill();
  let filed = 0;
  let batch: StreamItem[] = [];
  // One walk, newest first (on FerretDB a scan and an in-memory sort, once).
  for await (const record of ReportOnlyEvent.collection.find<ReportOnlyEventRecord>({}).sort({ at: -1, _id: -1 }).batchSize(BATCH)) {
    const item = reportOnlyStreamItem(record);
    if (!oldest.has(item.stream)) {
      oldest.set(item.stream, await oldestFiled(item.stream));
      await noteReportOnlyKind(record);
    }
    const before = oldest.get(item.stream);
    if (before && record.at.getTime() >= before.getTime()) continue;
    batch.push(item);
    filed += 1;
    if (batch.length === BATCH) {
      await backfill(cursor, batch);
      batch = [];
    }
  }
  await backfill(cursor, batch);
  return filed;
}
