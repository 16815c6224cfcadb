/**
 * The one interface every real-time detection implements, and what it may look at. A detection
 * is pure: it reads the context (the attempt, where its IP is, the user's bounded profile and the
 * windowed counters, all loaded before it runs) and returns a level with a readable reason, or
 * null. Thresholds live in each detection's header comment and code; admins choose the level a
 * policy acts on, never what triggers a level.
 */
import type { RiskProfileRecord } from '../models/risk-profile.ts';
import type { WindowCounts } from '../counters.ts';
import type { DetectionScope, DetectionType } from '../detection-types.ts';
import type { IpLocation } from '../geo.ts';
import type { DetectionLevel } from '../level.ts';

export interface DetectionContext {
  now: Date;
  username: string;
  userId?: string | undefined;
  passwordOk: boolean;
  ip: string;
  /** The source key counters use (IPv4 address or IPv6 /64). */
  source: string;
  network: string;
  location: IpLocation | null;
  /** Name of the anonymizer list that holds the IP, or null. */
  anonymousList: string | null;
  deviceId?: string | undefined;
  browser: string;
  profile: RiskProfileRecord | null;
  sourceCounts: WindowCounts;
  networkCounts: WindowCounts;
  /** Failed password attempts on this account: [short window, long window]. */
  accountFailures: { short: number; long: number };
  /** Whether the (correct) password is in the breached corpus; undefined when not checked. */
  passwordBreached?: boolean | undefined;
}

export interface DetectionVerdict {
  level: DetectionLevel;
  reason: string;
}

export interface Detection {
  type: DetectionType;
  scope: DetectionScope;
  evaluate(context: DetectionContext): DetectionVerdict | null;
}
