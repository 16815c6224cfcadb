/**
 * The overview's numbers, read with indexed range scans only: sign-ins per risk state on the
 * `{ riskState, at }` index (equality + range), detections on the `at` index, users at risk on
 * `atRisk`; each scan projects the two fields it needs and is bounded by SCAN_LIMIT.
 */
import { HOUR } from '../clock.ts';
import { RiskDetection } from '../risk/models/risk-detection.ts';
import { SIGN_IN_OUTCOMES, SignInEvent, type SignInOutcome } from '../risk/models/sign-in-event.ts';
import { RISK_STATES } from '../risk/state.ts';

export const SCAN_LIMIT = 50_000;
export const HOURS = 24;

export interface HourBucket {
  start: Date;
  counts: Record<SignInOutcome, number>;
  total: number;
}

export interface Overview {
  hours: HourBucket[];
  totals: Record<SignInOutcome, number>;
  detectionsByType: Array<{ type: string; count: number }>;
  /** True when a scan hit SCAN_LIMIT: the figures are a lower bound. */
  truncated: boolean;
}

const zero = (): Record<SignInOutcome, number> => Object.fromEntries(SIGN_IN_OUTCOMES.map((o) => [o, 0])) as Record<SignInOutcome, number>;

export async function loadOverview(now: Date): Promise<Overview> {
  const end = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  const since = new Date(end - HOURS * HOUR);
  const hours: HourBucket[] = Array.from({ length: HOURS }, (_, i) => ({ start: new Date(since.getTime() + i * HOUR), counts: zero(), total: 0 }));
  const totals = zero();
  let truncated = false;
  const range = { $gte: since, $lte: now };
  const scans = await Promise.all(RISK_STATES.map((riskState) => SignInEvent.collection
    .find<{ at: Date; outcome: SignInOutcome }>({ riskState, at: range }, { projection: { _id: 0, at: 1, outcome: 1 } })
    .limit(SCAN_LIMIT).toArray()));
  for (const rows of scans) {
    if (rows.length === SCAN_LIMIT) truncated = true;
    for (const row of rows) {
      const bucket = hours[Math.floor((row.at.getTime() - since.getTime()) / HOUR)];
      if (!bucket || !(row.outcome in totals)) continue;
      bucket.counts[row.outcome] += 1;
      bucket.total += 1;
      totals[row.outcome] += 1;
    }
  }
  const detections = await RiskDetection.collection
    .find<{ type: string }>({ at: range }, { projection: { _id: 0, type: 1 } }).limit(SCAN_LIMIT).toArray();
  if (detections.length === SCAN_LIMIT) truncated = true;
  const byType = new Map<string, number>();
  for (const d of detections) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
  return {
    hours,
    totals,
    detectionsByType: [...byType].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
    truncated,
  };
}
