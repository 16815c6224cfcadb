/**
 * The sign-ins chart as geometry for an SVG drawn server-side (views/admin/overview.eta): one
 * stacked bar per hour, outcomes grouped into three series, each with a colour that also differs
 * in lightness and a legend; the page carries the full data table behind it.
 */
import type { SignInOutcome } from '../risk/models/sign-in-event.ts';
import type { HourBucket } from './overview.ts';

export const SERIES: ReadonlyArray<{ name: string; colour: string; outcomes: readonly SignInOutcome[] }> = [
  { name: 'Succeeded', colour: '#1b7f3b', outcomes: ['success'] },
  { name: 'MFA asked or failed', colour: '#b36b00', outcomes: ['mfaRequired', 'mfaFailed'] },
  { name: 'Failed or blocked', colour: '#b3261e', outcomes: ['failedPassword', 'unknownUser', 'blocked', 'throttled'] },
];

export const WIDTH = 480;
export const HEIGHT = 240;
const LEFT = 44;
const BOTTOM = 28;
const TOP = 12;

export interface Rect { x: number; y: number; width: number; height: number; colour: string; label: string }
export interface Tick { y: number; value: number }
export interface XLabel { x: number; text: string }

export interface BarChart {
  rects: Rect[];
  ticks: Tick[];
  xLabels: XLabel[];
  plotLeft: number;
  plotBottom: number;
  max: number;
}

/** A round axis maximum (1, 2, 5 × 10^n) at or above the largest bar. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

const hourLabel = (date: Date): string => `${date.toISOString().slice(11, 13)}:00`;

export function signInChart(hours: readonly HourBucket[]): BarChart {
  const max = niceMax(Math.max(0, ...hours.map((h) => h.total)));
  const plotBottom = HEIGHT - BOTTOM;
  const plotHeight = plotBottom - TOP;
  const slot = (WIDTH - LEFT - 8) / Math.max(1, hours.length);
  const rects: Rect[] = [];
  hours.forEach((hour, i) => {
    let y = plotBottom;
    for (const series of SERIES) {
      const count = series.outcomes.reduce((sum, outcome) => sum + hour.counts[outcome], 0);
      if (count === 0) continue;
      const height = (count / max) * plotHeight;
      y -= height;
      rects.push({ x: LEFT + i * slot + 2, y, width: Math.max(1, slot - 4), height, colour: series.colour, label: `${hourLabel(hour.start)} UTC: ${count} ${series.name.toLowerCase()}` });
    }
  });
  const ticks = [0, 0.5, 1].map((f) => ({ y: plotBottom - f * plotHeight, value: Math.round(f * max) }));
  const xLabels = hours.flatMap((hour, i) => (i % 6 === 0 ? [{ x: LEFT + i * slot + slot / 2, text: hourLabel(hour.start) }] : []));
  return { rects, ticks, xLabels, plotLeft: LEFT, plotBottom, max };
}

export function hourLabelOf(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${hourLabel(date)}`;
}
