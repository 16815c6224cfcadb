/**
 * CSV (RFC 4180) for the lists' exports. A cell a spreadsheet would read as a formula (starting
 * with = + - @, a tab or a carriage return) is prefixed with ' (OWASP "CSV injection"), so a
 * username or user agent an attacker chose cannot run in the admin's spreadsheet.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
