/** What a keyset-paged list (risky sign-ins, risk detections) declares for the routes to serve it. */
import type { Collection, Document } from 'mongodb';
import type { TextId } from '../../text/catalogue.ts';
import type { FilterChoices, ListFilter } from './filters.ts';
import type { KeysetRow } from './keyset-page.ts';

export type CsvCells = ReadonlyArray<string | number | boolean | null | undefined>;

export interface ListDefinition<R extends KeysetRow> {
  /** The path under /admin, and the CSV file's name. */
  path: string;
  template: string;
  title: TextId;
  choices: FilterChoices;
  collection(): Collection;
  /** The database filter (expired records skipped: FerretDB has no TTL indexes). */
  query(filter: ListFilter, now: Date): Document;
  csvHeader: readonly string[];
  csvRow(row: R): CsvCells;
}

/** Equality on one field when the filter has it, and the time range on `at`. */
export function baseQuery(filter: ListFilter, now: Date, equalities: Record<string, string | undefined>): Document {
  const query: Document = { expiresAt: { $gt: now } };
  for (const [field, value] of Object.entries(equalities)) if (value !== undefined) query[field] = value;
  if (filter.from || filter.to) query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  return query;
}
