/** Number formatting shared by the table and the chart. */
import type { Measurement } from '../scenarios/measurement.ts';

export function formatNumber(value: number | undefined, digits?: number): string {
  if (value === undefined || Number.isNaN(value)) return '';
  const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}

export function formatValue(line: Measurement): string {
  if (line.value === undefined) return '';
  switch (line.unit) {
    case '%': return `${formatNumber(line.value, 1)} %`;
    case 'MB': return `${formatNumber(line.value, 0)} MB`;
    case 'ms': return `${formatNumber(line.value, 0)} ms`;
    case 'sessions': return formatNumber(line.value, 0);
    case 'x': return `${formatNumber(line.value, 2)}×`;
    case '/s': return `${formatNumber(line.value)}/s`;
    default: return formatNumber(line.value);
  }
}

export function resultWord(line: Measurement): string {
  if (line.status === 'pending') return 'pending';
  if (line.status === 'skipped') return 'skipped';
  if (!line.goal) return '';
  return line.goal.pass ? 'pass' : 'MISS';
}
