/**
 * The overview's numbers over a range (24 h, 7 d or 30 d), read with indexed range scans only:
 * sign-ins per risk state on the `{ riskState, at }` index (equality + range), detections on the
 * `at` index, report-only events on theirs; each scan projects the fields it needs and is bounded
 * by SCAN_LIMIT (the page says when a figure is a lower bound).
 */
import { DAY, HOUR } from '../clock.ts';
import { ReportOnlyEvent } from '../policy/report-only-event.ts';
import { RISK_LEVELS, type RiskLevel } from '../risk/level.ts';
import { RiskDetection } from '../risk/models/risk-detection.ts';
import { SIGN_IN_OUTCOMES, SignInEvent, type SignInOutcome } from '../risk/models/sign-in-event.ts';
import { RISK_STATES } from '../risk/state.ts';

export const SCAN_LIMIT = 50_000;

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
  /** True when a scan hit SCAN_LIMIT: the figures are a lower bound. */
  truncated: boolean;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function tally(keys: Iterable<string>): Count[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export async function loadOverview(now: Date, range: RangeId = '24h'): Promise<Overview> {
  const { span, bucket: width } = RANGES[range];
  const end = Math.floor(now.getTime() / width) * width + width;
  const since = new Date(end - span);
  const buckets: Bucket[] = Array.from({ length: span / width }, (_, i) => ({
    start: new Date(since.getTime() + i * width), counts: zeros(SIGN_IN_OUTCOMES), levels: zeros(RISK_LEVELS), total: 0,
  }));
  const totals = zeros(SIGN_IN_OUTCOMES);
  const levelTotals = zeros(RISK_LEVELS);
  const window = { $gte: since, $lte: now };
  const [scans, detections, reportOnly] = await Promise.all([
    Promise.all(RISK_STATES.map((riskState) => SignInEvent.collection
      .find<{ at: Date; outcome: SignInOutcome; riskLevel: RiskLevel }>({ riskState, at: window }, { projection: { _id: 0, at: 1, outcome: 1, riskLevel: 1 } })
      .limit(SCAN_LIMIT).toArray())),
    RiskDetection.collection.find<{ type: string }>({ at: window }, { projection: { _id: 0, type: 1 } }).limit(SCAN_LIMIT).toArray(),
    ReportOnlyEvent.collection.find<{ policy: string; wouldHave: string }>({ at: window }, { projection: { _id: 0, policy: 1, wouldHave: 1 } }).limit(SCAN_LIMIT).toArray(),
  ]);
  let truncated = detections.length === SCAN_LIMIT || reportOnly.length === SCAN_LIMIT;
  for (const rows of scans) {
    if (rows.length === SCAN_LIMIT) truncated = true;
    for (const row of rows) {
      const bucket = buckets[Math.floor((row.at.getTime() - since.getTime()) / width)];
      if (!bucket || !(row.outcome in totals)) continue;
      bucket.counts[row.outcome] += 1;
      totals[row.outcome] += 1;
      if (row.riskLevel in levelTotals) {
        bucket.levels[row.riskLevel] += 1;
        levelTotals[row.riskLevel] += 1;
      }
      bucket.total += 1;
    }
  }
  return {
    range,
    buckets,
    totals,
    levelTotals,
    detectionsByType: tally(detections.map((d) => d.type)),
    reportOnly: tally(reportOnly.map((r) => `${r.policy}\u0000${r.wouldHave}`)).map(({ name, count }) => {
      const [policy = '', wouldHave = ''] = name.split('\u0000');
      return { name: `${policy}: ${wouldHave}`, policy, wouldHave, count };
    }),
    truncated,
  };
}
