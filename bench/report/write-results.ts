/** bench/results/latest.json (every figure, the run's facts) and latest.svg (the chart). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Measurement } from '../scenarios/measurement.ts';
import { renderSvgChart } from './svg-chart.ts';
import type { RunInfo } from './table.ts';

export function writeResults(dir: string, lines: Measurement[], info: RunInfo & Record<string, unknown>): { json: string; svg: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const svg = join(dir, 'latest.svg');
  writeFileSync(json, `${JSON.stringify({ run: info, measurements: lines }, null, 2)}\n`);
  writeFileSync(svg, renderSvgChart(lines, `${info.mode} run, ${info.startedAt}, ${info.vcpus} vCPU (${info.cpuModel}), Node ${info.node}`));
  return { json, svg };
}
