/** The printed report: one table of every figure with its goal, then notes and CPU per operation. */
import type { Measurement } from '../scenarios/measurement.ts';
import { formatNumber, formatValue, resultWord } from './format.ts';

export interface RunInfo {
  mode: 'quick' | 'full';
  startedAt: string;
  vcpus: number;
  cpuModel: string;
  node: string;
  totalSeconds: number;
  /** 1-minute load average before the run started anything: other people's work. */
  loadBefore: number;
}

/** A Markdown-style table; `numeric` columns are right-aligned. */
function render(rows: string[][], numeric: (column: number) => boolean): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]): string => `| ${row.map((cell, column) => {
    const width = widths[column] ?? 0;
    return numeric(column) ? cell.padStart(width) : cell.padEnd(width);
  }).join(' | ')} |`;
  const separator = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(rows[0] ?? []), separator, ...rows.slice(1).map(line)].join('\n');
}

export function renderReport(lines: Measurement[], info: RunInfo): string {
  const header = ['Scenario', 'Figure', 'Value', 'per vCPU', 'p50 ms', 'p99 ms', 'Goal', 'Result'];
  const rows = lines.map((line) => [
    line.scenario,
    line.label,
    line.status === 'measured' ? formatValue(line) : '—',
    line.perVcpu === undefined ? '' : `${formatNumber(line.perVcpu)}/s`,
    formatNumber(line.p50Ms, 1),
    formatNumber(line.p99Ms, 1),
    line.goal?.text ?? '',
    resultWord(line),
  ]);
  const notes = lines.filter((line) => line.note).map((line) => `  ${line.id}: ${line.note}`);
  const cpuRows = lines.filter((line) => line.cpuMsPerOp && line.status === 'measured');
  const cpuLabels = [...new Set(cpuRows.flatMap((line) => Object.keys(line.cpuMsPerOp ?? {})))];
  const cpuTable = cpuRows.length === 0 ? '' : render([
    ['CPU ms per operation, by process', ...cpuLabels],
    ...cpuRows.map((line) => [line.id, ...cpuLabels.map((label) => formatNumber(line.cpuMsPerOp?.[label], 2))]),
  ], (column) => column > 0);
  const traced = lines.filter((line) => line.dbCommandsPerOp && Object.keys(line.dbCommandsPerOp).length > 0);
  const dbTable = traced.length === 0 ? '' : [
    'Database commands per operation (--db-trace):',
    ...traced.flatMap((line) => {
      const entries = Object.entries(line.dbCommandsPerOp ?? {});
      const summary = (picked: Array<[string, number]>, unit: string): string => {
        const total = picked.reduce((sum, [, value]) => sum + value, 0);
        const parts = picked.filter(([, value]) => value >= 0.05).sort((a, b) => b[1] - a[1]).map(([command, value]) => `${formatNumber(value, 1)} ${command}`);
        return `${formatNumber(total, 1)}${unit} — ${parts.join(', ')}`;
      };
      const waits = entries.filter(([key]) => key.endsWith(' ms')).map(([key, value]): [string, number] => [key.slice(0, -3), value]);
      return [
        `  ${line.id}: ${summary(entries.filter(([key]) => !key.endsWith(' ms')), '')}`,
        ...(waits.length ? [`    waiting for the database, ms: ${summary(waits, ' ms')}`] : []),
      ];
    }),
  ].join('\n');
  const passed = lines.filter((line) => line.goal?.pass === true).length;
  const missed = lines.filter((line) => line.goal?.pass === false).length;
  const busy = info.loadBefore > info.vcpus / 2
    ? `WARNING: the machine was busy before the run (load average ${formatNumber(info.loadBefore, 1)} on ${info.vcpus} vCPU): figures are low by about the "other" column below.`
    : `Load average before the run: ${formatNumber(info.loadBefore, 2)}.`;
  return [
    `Vigil benchmark — ${info.mode} run, ${info.startedAt}, ${info.vcpus} vCPU (${info.cpuModel}), Node ${info.node}, ${formatNumber(info.totalSeconds, 0)} s`,
    busy,
    '',
    render([header, ...rows], (column) => column >= 2 && column <= 5),
    '',
    `Goals: ${passed} pass, ${missed} missed, ${lines.filter((line) => line.status === 'pending').length} pending.`,
    '',
    'Notes:',
    ...notes,
    '',
    cpuTable,
    '',
    dbTable,
  ].join('\n');
}
