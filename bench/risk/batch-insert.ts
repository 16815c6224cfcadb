/**
 * Writing many generated documents quickly: unordered `insertMany` batches, generated one batch
 * at a time so memory stays flat, with progress every `progressEvery` documents.
 */
import type { Collection, Document } from 'mongodb';

export async function insertGenerated(collection: Collection, count: number, make: (index: number) => Document, options: {
  batchSize: number;
  progressEvery?: number;
  onProgress?: (done: number) => void;
}): Promise<void> {
  let nextReport = options.progressEvery ?? Number.POSITIVE_INFINITY;
  for (let start = 0; start < count; start += options.batchSize) {
    const batch = Array.from({ length: Math.min(options.batchSize, count - start) }, (_, offset) => make(start + offset));
    await collection.insertMany(batch, { ordered: false });
    const done = start + batch.length;
    if (done >= nextReport) {
      options.onProgress?.(done);
      nextReport += options.progressEvery ?? Number.POSITIVE_INFINITY;
    }
  }
}
