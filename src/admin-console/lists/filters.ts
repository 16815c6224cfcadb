/**
 * The lists' filters from the query string, each validated: a value the console did not offer
 * (an unknown level, a malformed date, a repeated parameter) is reported against its field, and
 * the page answers 400 with the form and the error rather than querying with it.
 */
import { RISK_STATES } from '../../risk/state.ts';
import type { TextId } from '../../text/catalogue.ts';
import { decodeCursor, type ListCursor } from './cursor.ts';

export const FILTER_FIELDS = ['user', 'level', 'state', 'type', 'from', 'to', 'country', 'app'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface ListFilter {
  user?: string;
  level?: string;
  state?: string;
  type?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  country?: string;
  app?: string;
}

export interface FilterChoices {
  /** The fields this list offers, in form order. */
  fields: readonly FilterField[];
  levels: readonly string[];
  types: readonly string[];
  states?: readonly string[];
}

export type ParsedFilter =
  | { ok: true; filter: ListFilter; after: ListCursor | null; values: Partial<Record<FilterField, string>> }
  | { ok: false; field: FilterField | 'after'; message: TextId; values: Partial<Record<FilterField, string>> };

const DAY = 24 * 60 * 60 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `YYYY-MM-DD` (a whole day) or `YYYY-MM-DDTHH:MM` (a datetime-local field), in UTC. */
function parseTime(value: string, end: boolean): Date | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match;
  const hasTime = h !== undefined;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  const date = new Date(time);
  // Date.UTC rolls 2026-02-31 over into March and reads year 0050 as 1950: refuse what does not read back the same.
  if (Number.isNaN(time) || date.getUTCFullYear() !== Number(y) || date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(mo) - 1 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59) return null;
  return new Date(end ? time + (hasTime ? 60_000 : DAY) : time);
}

const MESSAGES: Record<FilterField, TextId> = {
  user: 'admin.lists.error.user',
  level: 'admin.lists.error.level',
  state: 'admin.lists.error.state',
  type: 'admin.lists.error.type',
  from: 'admin.lists.error.time',
  to: 'admin.lists.error.time',
  country: 'admin.lists.error.country',
  app: 'admin.lists.error.app',
};

export function parseListFilter(query: Record<string, string | string[] | undefined>, choices: FilterChoices): ParsedFilter {
  const values: Partial<Record<FilterField, string>> = {};
  const filter: ListFilter = {};
  const fail = (field: FilterField | 'after', message?: TextId): ParsedFilter => ({ ok: false, field, message: message ?? MESSAGES[field as FilterField], values });
  for (const field of choices.fields) {
    const raw = query[field];
    if (Array.isArray(raw)) return fail(field);
    const value = (raw ?? '').trim();
    values[field] = value.slice(0, 200);
    if (value === '') continue;
    if (value.length > 200 || CONTROL.test(value)) return fail(field);
    switch (field) {
      case 'user': filter.user = value.toLowerCase(); break;
      case 'level':
        if (!choices.levels.includes(value)) return fail(field);
        filter.level = value; break;
      case 'state':
        if (!(choices.states ?? RISK_STATES).includes(value)) return fail(field);
        filter.state = value; break;
      case 'type':
        if (!choices.types.includes(value)) return fail(field);
        filter.type = value; break;
      case 'from': case 'to': {
        const time = parseTime(value, field === 'to');
        if (!time) return fail(field);
        filter[field] = time;
        break;
      }
      case 'country':
        if (!/^[A-Za-z]{2}$/.test(value)) return fail(field);
        filter.country = value.toUpperCase(); break;
      case 'app':
        if (!/^[\x21-\x7e]{1,128}$/.test(value)) return fail(field);
        filter.app = value; break;
    }
  }
  if (filter.from && filter.to && filter.from >= filter.to) return fail('to', 'admin.lists.error.range');
  const rawAfter = query.after;
  if (Array.isArray(rawAfter)) return fail('after', 'admin.lists.error.after');
  const after = rawAfter ? decodeCursor(rawAfter) : null;
  if (rawAfter && !after) return fail('after', 'admin.lists.error.after');
  return { ok: true, filter, after, values };
}

/** The query string of these filters (for the next page's link and the CSV export's). */
export function filterQuery(values: Partial<Record<FilterField, string>>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...values, ...extra })) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}
