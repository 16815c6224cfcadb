/**
 * The lists' opaque "after" cursor: a position and a key. The sign-ins and detections lists
 * carry the stream position to read below and the stream's key (stream-page.ts); the risky
 * users list carries the last user id shown (its `at` unused, 0). Either way the next page
 * starts strictly after what was shown, whatever was written since (no skip, no count). A
 * position may be zero or negative: a rebuilt stream's older entries (src/db/streams/backfill.ts).
 */
export interface ListCursor {
  at: number;
  id: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(`${cursor.at}.${cursor.id}`).toString('base64url');
}

/** The cursor, or null when the value is not one this console wrote. */
export function decodeCursor(value: string): ListCursor | null {
  if (value.length > 200 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const match = /^(-?\d{1,15})\.(.+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2] || !ID.test(match[2])) return null;
  return { at: Number(match[1]), id: match[2] };
}
