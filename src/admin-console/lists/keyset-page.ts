/**
 * A page of a keyset-paged list: the rows and the opaque cursor of the next page (no skip, no
 * count, so rows written meanwhile never shift a page). The sign-ins and detections lists fill
 * it from a stream (stream-page.ts), the risky users list from the profiles' `_id` order.
 */
export interface KeysetPage<R> {
  rows: R[];
  /** The cursor of the next page, or null on the last one. */
  next: string | null;
}
