/**
 * Chart geometry for SVGs drawn server-side (views/admin/stacked-chart.eta, bar-list.eta): stacked
 * bars over time (sign-ins by outcome, by risk level), each series a colour that also differs in
 * lightness, with a legend; and labelled horizontal bars for counts by name. Every chart's page
 * also carries the data table behind it.
 */
import type { RiskLevel } from '../risk/level.ts';
import type { SignInOutcome } from '../risk/models/sign-in-event.ts';
import { RANGES, type Bucket, type Count, type RangeId } from './overview.ts';

export interface Series { name: string; colour: string; value(bucket: Bucket): number }

const outcomes = (...list: SignInOutcome[]) => (bucket: Bucket): number => list.reduce((sum, o) => sum + bucket.counts[o], 0);
const level = (name: RiskLevel) => (bucket: Bucket): number => bucket.levels[name];

export const OUTCOME_SERIES: readonly Series[] = [
  { name: 'Succeeded', colour: '#1b7f3b', value: outcomes('success') },
  { name: 'MFA asked or failed', colour: '#b36b00', value: outcomes('mfaRequired', 'mfaFailed') },
  { name: 'Failed or blocked', colour: '#b3261e', value: outcomes('failedPassword', 'failedPasskey', 'unknownUser', 'blocked', 'throttled') },
];

export const LEVEL_SERIES: readonly Series[] = [
  { name: 'No risk', colour: '#8aa4bf', value: level('none') },
  { name: 'Low', colour: '#2f6db5', value: level('low') },
  { name: 'Medium', colour: '#b36b00', value: level('medium') },
  { name: 'High', colour: '#b3261e', value: level('high') },
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

/** A bar's start as the data table and the tooltips name it: the day, and the hour unless bars are days. */
export function bucketLabel(date: Date, range: RangeId): string {
  const day = date.toISOString().slice(0, 10);
  return RANGES[range].bucket >= RANGES['30d'].bucket ? day : `${day} ${date.toISOString().slice(11, 13)}:00`;
}

/** The axis labels: hours for a day, dates otherwise (one every `labelEvery` bars). */
function axisLabel(date: Date, range: RangeId): string {
  return range === '24h' ? `${date.toISOString().slice(11, 13)}:00` : date.toISOString().slice(5, 10);
}

export function stackedChart(buckets: readonly Bucket[], series: readonly Series[], range: RangeId): BarChart {
  const max = niceMax(Math.max(0, ...buckets.map((b) => series.reduce((sum, s) => sum + s.value(b), 0))));
  const plotBottom = HEIGHT - BOTTOM;
  const plotHeight = plotBottom - TOP;
  const slot = (WIDTH - LEFT - 8) / Math.max(1, buckets.length);
  const gap = slot > 8 ? 2 : 0.5;
  const rects: Rect[] = [];
  buckets.forEach((bucket, i) => {
    let y = plotBottom;
    for (const s of series) {
      const count = s.value(bucket);
      if (count === 0) continue;
      const height = (count / max) * plotHeight;
      y -= height;
      rects.push({ x: LEFT + i * slot + gap, y, width: Math.max(1, slot - 2 * gap), height, colour: s.colour, label: `${bucketLabel(bucket.start, range)} UTC: ${count} ${s.name.toLowerCase()}` });
    }
  });
  // Counts are whole: a half-way tick is drawn only where it is a whole number.
  const ticks = [0, 0.5, 1].filter((f) => Number.isInteger(f * max)).map((f) => ({ y: plotBottom - f * plotHeight, value: f * max }));
  const every = RANGES[range].labelEvery;
  const xLabels = buckets.flatMap((bucket, i) => (i % every === 0 ? [{ x: LEFT + i * slot + slot / 2, text: axisLabel(bucket.start, range) }] : []));
  return { rects, ticks, xLabels, plotLeft: LEFT, plotBottom, max };
}

export interface BarRow { labelY: number; barY: number; width: number; label: string; count: number }
export interface BarList { rows: BarRow[]; width: number; height: number; barLeft: number; barHeight: number }

/** Narrower than the time charts: these carry text, which then stays legible at phone width. */
const LIST_WIDTH = 320;
const ROW = 44;
const BAR_LEFT = 8;
const BAR_HEIGHT = 16;

/** Horizontal bars, one row per name: the label on a line of its own (names can be long), the bar below scaled to the largest count, the count at its end. */
export function barList(counts: readonly Count[]): BarList {
  const max = Math.max(1, ...counts.map((c) => c.count));
  const barSpace = LIST_WIDTH - BAR_LEFT - 56;
  return {
    rows: counts.map((c, i) => ({ labelY: 18 + i * ROW, barY: 24 + i * ROW, width: Math.max(c.count > 0 ? 2 : 0, (c.count / max) * barSpace), label: c.name, count: c.count })),
    width: LIST_WIDTH,
    height: 12 + counts.length * ROW,
    barLeft: BAR_LEFT,
    barHeight: BAR_HEIGHT,
  };
}
