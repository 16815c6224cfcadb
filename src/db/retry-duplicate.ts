/**
 * Two concurrent upserts of the same `_id` can both try to insert; the loser fails with a
 * duplicate-key error although nothing is wrong (MongoDB documents this; FerretDB does the same).
 * Retrying turns the loser's upsert into the update it should have been.
 */
const DUPLICATE_KEY = 11000;

export async function retryOnDuplicateKey<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY || attempt >= attempts) throw error;
    }
  }
}
