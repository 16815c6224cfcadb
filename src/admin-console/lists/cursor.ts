/**
 * The lists' opaque "after" cursor: the sort key of the last row shown, (time, id), so the next
 * page starts strictly after it whatever was written since (keyset paging: no skip, no count).
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
  const match = /^(\d{1,15})\.(.+)$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2] || !ID.test(match[2])) return null;
  return { at: Number(match[1]), id: match[2] };
}
