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

/** `2026-01-05` (UTC day) */
export function formatUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
