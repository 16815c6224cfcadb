/**
 * How large the risk-cost scenario makes its system, and how long it measures, per mode. The full
 * run is the case (a user with 100,000 past sign-ins, 1,000,000 in the system); quick
 * mode is 3,000 / 10,000 (to stay under a minute), and its report lines say so with the counts
 * actually reached.
 */
import type { SampleLimits } from './operation-sampler.ts';

export interface RiskCostSizes {
  /** Sign-ins of the long-standing user through the real engine (the rest of their events are copies). */
  historySignIns: number;
  /** Other people signed in through the real engine: their profiles and counters are the templates. */
  ordinaryUsers: number;
  ordinarySignInsEach: number;
  historyDays: number;
  /** Events of the long-standing user, recorded and copied. */
  userEvents: number;
  /** Events in the whole system. */
  systemEvents: number;
  /** Other users, each with a profile (the ordinary ones included). */
  otherUsers: number;
  /** Addresses with a counter (active in the last day), besides the recorded ones. */
  activeSources: number;
  assessLimits: SampleLimits;
  recordLimits: SampleLimits;
}

export const FULL_SIZES: RiskCostSizes = {
  historySignIns: 2000,
  ordinaryUsers: 200,
  ordinarySignInsEach: 6,
  historyDays: 30,
  userEvents: 100_000,
  systemEvents: 1_000_000,
  otherUsers: 20_000,
  activeSources: 10_000,
  assessLimits: { warmUp: 5, minCount: 20, maxCount: 2000, maxMs: 20_000 },
  recordLimits: { warmUp: 2, minCount: 10, maxCount: 200, maxMs: 10_000 },
};

export const QUICK_SIZES: RiskCostSizes = {
  historySignIns: 100,
  ordinaryUsers: 10,
  ordinarySignInsEach: 6,
  historyDays: 30,
  userEvents: 3_000,
  systemEvents: 10_000,
  otherUsers: 500,
  activeSources: 300,
  assessLimits: { warmUp: 5, minCount: 20, maxCount: 200, maxMs: 500 },
  recordLimits: { warmUp: 2, minCount: 10, maxCount: 30, maxMs: 500 },
};
