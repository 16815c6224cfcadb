/** What a stream-paged list (risky sign-ins, risk detections) declares for the routes to serve it. */
import type { TextId } from '../../text/catalogue.ts';
import type { FilterChoices, ListFilter } from './filters.ts';

export type CsvCells = ReadonlyArray<string | number | boolean | null | undefined>;

/** An event a list shows: the row's id, time and expiry (FerretDB has no TTL: expired rows are skipped on read). */
export interface ListRow { _id: string; at: Date; expiresAt: Date }

/** The stream a list always has: every event. */
export const ALL = 'all';

export interface ListDefinition<R extends ListRow> {
  /** The path under /admin, and the CSV file's name. */
  path: string;
  template: string;
  title: TextId;
  choices: FilterChoices;
  /**
   * The streams this filter can be read from, by a short key the page cursor carries: `all`,
   * and one per equality the filter has (src/risk/streams/).
   */
  streams(filter: ListFilter): Record<string, string>;
  /** The events with these ids (one `_id $in` read), in any order. */
  load(ids: string[]): Promise<R[]>;
  /** The whole filter, checked on the live event: a stream only proposes candidates. */
  matches(row: R, filter: ListFilter, now: Date): boolean;
  csvHeader: readonly string[];
  csvRow(row: R): CsvCells;
}

/** Not expired, within the time range, and equal on each field the filter gives a value for. */
export function matchesFilter(row: ListRow, filter: ListFilter, now: Date, equalities: ReadonlyArray<readonly [string | undefined, (string | undefined) | readonly string[]]>): boolean {
  if (row.expiresAt <= now) return false;
  if (filter.from && row.at < filter.from) return false;
  if (filter.to && row.at >= filter.to) return false;
  return equalities.every(([wanted, actual]) => wanted === undefined || (typeof actual === 'object' ? actual.includes(wanted) : actual === wanted));
}
