/**
 * The overview's numbers over a range (24 h, 7 d or 30 d), counted from the streams
 * (src/db/streams/) without reading an event: per bar, each outcome's and each risk level's
 * sign-ins are the entries that joined its stream between the bar's edges less those that left
 * it (src/admin-console/stream-counts.ts), detections per type and report-only decisions per
 * policy and decision the same between the range's edges. All searched together: one `_id` read
 * per binary search step, about log2 of the longest stream (README.md, "Admin console").
 */
import { DAY, HOUR } from '../clock.ts';
import { countBeforeEach } from '../db/streams/count-before.ts';
import { reportOnlyKinds, reportOnlyStream } from '../policy/report-only-streams.ts';
import { SIGN_IN_DETECTION_TYPES, USER_DETECTION_TYPES } from '../risk/detection-types.ts';
import { RISK_LEVELS, type RiskLevel } from '../risk/level.ts';
import { SIGN_IN_OUTCOMES, type SignInOutcome } from '../risk/models/sign-in-event.ts';
import { detectionTypeStream } from '../risk/streams/detection-streams.ts';
import { levelTally, outcomeTally } from '../risk/streams/sign-in-streams.ts';
import { countPerInterval, type Figure } from './stream-counts.ts';

/** The ranges the overview offers: its span, the width of one bar, and how many bars an axis label spans. */
export const RANGES = {
  '24h': { span: DAY, bucket: HOUR, labelEvery: 6, label: 'last 24 hours' },
  '7d': { span: 7 * DAY, bucket: 6 * HOUR, labelEvery: 8, label: 'last 7 days' },
  '30d': { span: 30 * DAY, bucket: DAY, labelEvery: 7, label: 'last 30 days' },
} as const;
export type RangeId = keyof typeof RANGES;
export const isRangeId = (value: unknown): value is RangeId => typeof value === 'string' && Object.hasOwn(RANGES, value);

export interface Bucket {
  start: Date;
  counts: Record<SignInOutcome, number>;
  levels: Record<RiskLevel, number>;
  total: number;
}

export interface Count { name: string; count: number }

export interface Overview {
  range: RangeId;
  buckets: Bucket[];
  totals: Record<SignInOutcome, number>;
  levelTotals: Record<RiskLevel, number>;
  detectionsByType: Count[];
  /** Per report-only policy and what it would have done: "would have challenged N sign-ins". */
  reportOnly: Array<Count & { policy: string; wouldHave: string }>;
}

/**
 * The bars' edges: each bar's start, then the range's end. Bars are aligned to their width in
 * UTC, the last one holds `now`, and the range ends at `now` inclusive (nothing later counts).
 */
function barEdges(now: Date, range: RangeId): { starts: Date[]; end: Date } {
  const { span, bucket: width } = RANGES[range];
  const since = Math.floor(now.getTime() / width) * width + width - span;
  return { starts: Array.from({ length: span / width }, (_, i) => new Date(since + i * width)), end: new Date(now.getTime() + 1) };
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const byCount = (a: Count, b: Count): number => b.count - a.count || a.name.localeCompare(b.name);
/** Per key, its value from the same position of a list. */
const keyed = <K extends string, V>(keys: readonly K[], values: readonly V[], fallback: V): Record<K, V> =>
  Object.fromEntries(keys.map((key, k) => [key, values[k] ?? fallback])) as Record<K, V>;

export async function loadOverview(now: Date, range: RangeId = '24h'): Promise<Overview> {
  const { starts, end } = barEdges(now, range);
  const bars = [...starts, end];
  const whole = [starts[0] ?? end, end];
  const detectionTypes = [...SIGN_IN_DETECTION_TYPES, ...USER_DETECTION_TYPES];
  const kinds = await reportOnlyKinds();
  // Every figure in one search, so the page costs one read per search step for all of them.
  const figures: Figure[] = [
    ...SIGN_IN_OUTCOMES.map((outcome) => ({ tally: outcomeTally(outcome), edges: bars })),
    ...RISK_LEVELS.map((level) => ({ tally: levelTally(level), edges: bars })),
    ...detectionTypes.map((type) => ({ tally: { joined: detectionTypeStream(type) }, edges: whole })),
    ...kinds.map(({ policy, wouldHave }) => ({ tally: { joined: reportOnlyStream(policy, wouldHave) }, edges: whole })),
  ];
  const counted = await countPerInterval(countBeforeEach, figures);
  const take = (count: number): number[][] => counted.splice(0, count);
  const outcomes = keyed(SIGN_IN_OUTCOMES, take(SIGN_IN_OUTCOMES.length), []);
  const levels = keyed(RISK_LEVELS, take(RISK_LEVELS.length), []);
  const detections = take(detectionTypes.length).map(([count = 0], k) => ({ name: detectionTypes[k] ?? '', count }));
  const reportOnly = take(kinds.length).map(([count = 0], k) => {
    const { policy = '', wouldHave = '' } = kinds[k] ?? {};
    return { name: `${policy}: ${wouldHave}`, policy, wouldHave, count };
  });
  const buckets = starts.map((start, bar) => {
    const counts = keyed(SIGN_IN_OUTCOMES, SIGN_IN_OUTCOMES.map((o) => outcomes[o][bar] ?? 0), 0);
    return { start, counts, levels: keyed(RISK_LEVELS, RISK_LEVELS.map((l) => levels[l][bar] ?? 0), 0), total: sum(Object.values(counts)) };
  });
  return {
    range,
    buckets,
    totals: keyed(SIGN_IN_OUTCOMES, SIGN_IN_OUTCOMES.map((o) => sum(outcomes[o])), 0),
    levelTotals: keyed(RISK_LEVELS, RISK_LEVELS.map((l) => sum(levels[l])), 0),
    detectionsByType: detections.filter((d) => d.count > 0).sort(byCount),
    reportOnly: reportOnly.filter((r) => r.count > 0).sort(byCount),
  };
}
