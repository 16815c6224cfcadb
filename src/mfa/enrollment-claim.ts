/**
 * Which enrollment may replace a user's app: the first of concurrent enrollments that started
 * from the same app (or from none) claims this key and wins; the others are told to start again.
 * Removing the app gives the next first enrollment its key back.
 */
export const NO_APP = 'none';

export function enrollmentClaimKey(userId: string, replaces: string): string {
  return `enroll:${userId}:${replaces}`;
}
