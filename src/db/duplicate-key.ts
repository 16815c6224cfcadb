/**
 * MongoDB's duplicate-key error (11000), the one error several flows expect: a unique `_id`
 * claimed by someone else (single use, version numbers, keys created by another instance), or
 * two concurrent upserts of one `_id` where the loser tried to insert.
 */
const DUPLICATE_KEY = 11000;

export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** Retrying turns the losing upsert into the update it should have been (MongoDB documents this race; FerretDB has it too). */
export async function retryOnDuplicateKey<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= attempts) throw error;
    }
  }
}
