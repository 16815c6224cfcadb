/**
 * Data migrations that run once per database: at boot (and before an admin command), each named
 * step runs unless its marker is in `migrations`. Every step is idempotent, so instances that
 * start together and both run it do no harm; the marker only saves the work next time.
 */
import { collectionNamed } from './collection.ts';
import { isDuplicateKeyError } from './duplicate-key.ts';

interface MigrationRecord {
  _id: string;
  doneAt: Date;
}

export const MIGRATIONS_COLLECTION = 'migrations';

function migrations() {
  return collectionNamed<MigrationRecord>(MIGRATIONS_COLLECTION);
}

/** Runs `step` unless it ran to the end before; answers what it returned, or undefined if skipped. */
export async function runOnce<T>(name: string, now: Date, step: () => Promise<T>): Promise<T | undefined> {
  if (await migrations().findOne({ _id: name })) return undefined;
  const result = await step();
  try {
    await migrations().insertOne({ _id: name, doneAt: now });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  return result;
}
