/** How commands print: `--json` for machines (one JSON document), aligned text for people, CSV on request. */
export interface Output {
  json: boolean;
  csv: boolean;
  result(value: unknown, human: string): void;
  /** `raw` is what --json prints (full records); `rows` are the flattened cells for text and CSV. */
  table(rows: Array<Record<string, unknown>>, columns: string[], raw?: unknown): void;
}

function cell(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(' ');
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function csvCell(value: unknown): string {
  const text = cell(value);
  // Leading =,+,-,@ would be formulas in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function createOutput(json: boolean, csv: boolean, write: (text: string) => void = (text) => process.stdout.write(text)): Output {
  return {
    json,
    csv,
    result(value, human) {
      write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
    },
    table(rows, columns, raw) {
      if (json) {
        write(`${JSON.stringify(raw ?? rows, null, 2)}\n`);
        return;
      }
      if (csv) {
        write(`${columns.join(',')}\n${rows.map((row) => columns.map((c) => csvCell(row[c])).join(',')).join('\n')}${rows.length ? '\n' : ''}`);
        return;
      }
      const widths = columns.map((c) => Math.max(c.length, ...rows.map((row) => cell(row[c]).length)));
      const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
      write(`${[line(columns), ...rows.map((row) => line(columns.map((c) => cell(row[c]))))].join('\n')}\n`);
    },
  };
}
