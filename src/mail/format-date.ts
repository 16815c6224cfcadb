/**
 * Dates as mail shows them: always UTC, always the same shape, never the server's locale or time
 * zone, so messages are reproducible in tests and unambiguous for a reader in another zone.
 */

/** `2026-01-05 09:00 UTC` */
export function formatUtcDateTime(date: Date): string {
  // toISOString throws RangeError on an invalid Date, which is a caller bug worth surfacing.
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * `2026-01-05 19:00 (Australia/Brisbane)` in the reader's own time zone when it is known (an
 * IANA zone), else `2026-01-05 09:00 UTC`: a time without its zone is never shown.
 */
export function formatDateTimeFor(date: Date, timeZone: string | undefined): string {
  if (!timeZone) return formatUtcDateTime(date);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  } catch {
    return formatUtcDateTime(date);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} (${timeZone})`;
}

/** `2026-01-05` (UTC day) */
export function formatUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
