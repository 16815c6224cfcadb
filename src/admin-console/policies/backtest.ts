/**
 * Backtesting a candidate policy file on the sign-ins Vigil recorded: each recorded sign-in of the
 * last BACKTEST_DAYS is decided again, with the candidate and with the active policies, by the
 * same function `risk replay` decides with (decideReplayed: the password step's decision), from
 * what the sign-in recorded — its sign-in and user risk, its detections, whether the password was
 * right. Nothing is written: the detections are not re-run (they are recorded), so the only
 * difference is the policy. Read on the `at` index, newest first, at most BACKTEST_LIMIT.
 */
import { DAY } from '../../clock.ts';
import type { Policies } from '../../policy/schema.ts';
import type { RiskLevel } from '../../risk/level.ts';
import { SignInEvent, type StoredFinding } from '../../risk/models/sign-in-event.ts';
import { decideReplayed, type ReplayedDecision } from '../../sign-in/decide.ts';

export const BACKTEST_DAYS = 7;
export const BACKTEST_LIMIT = 20_000;
export const DECISIONS: readonly ReplayedDecision[] = ['allow', 'mfa', 'mfa+passwordChange', 'block'];

export interface ChangedSignIn { id: string; at: Date; username: string; active: ReplayedDecision; candidate: ReplayedDecision }

export interface Backtest {
  since: Date;
  events: number;
  active: Record<ReplayedDecision, number>;
  candidate: Record<ReplayedDecision, number>;
  changed: number;
  /** The newest sign-ins the candidate decides differently (at most 20). */
  examples: ChangedSignIn[];
  truncated: boolean;
}

interface Recorded { _id: string; at: Date; username: string; passwordOk: boolean; riskLevel: RiskLevel; userRiskLevel: RiskLevel; detections?: StoredFinding[] }

const zero = (): Record<ReplayedDecision, number> => ({ allow: 0, mfa: 0, 'mfa+passwordChange': 0, block: 0 });

export async function backtestPolicies(candidate: Policies, active: Policies, now: Date): Promise<Backtest> {
  const since = new Date(now.getTime() - BACKTEST_DAYS * DAY);
  const rows = await SignInEvent.collection.find<Recorded>({ at: { $gte: since, $lte: now } }, {
    projection: { at: 1, username: 1, passwordOk: 1, riskLevel: 1, userRiskLevel: 1, detections: 1 },
  }).sort({ at: -1 }).limit(BACKTEST_LIMIT).toArray();
  const result: Backtest = { since, events: rows.length, active: zero(), candidate: zero(), changed: 0, examples: [], truncated: rows.length === BACKTEST_LIMIT };
  for (const row of rows) {
    const facts = { username: row.username, passwordOk: row.passwordOk, signInRisk: row.riskLevel, userRisk: row.userRiskLevel, detections: row.detections ?? [] };
    const [before, after] = await Promise.all([decideReplayed({ policies: active, ...facts }), decideReplayed({ policies: candidate, ...facts })]);
    result.active[before] += 1;
    result.candidate[after] += 1;
    if (before === after) continue;
    result.changed += 1;
    if (result.examples.length < 20) result.examples.push({ id: row._id, at: row.at, username: row.username, active: before, candidate: after });
  }
  return result;
}
