/** A detection context with nothing suspicious in it, for unit tests to change one thing at a time. */
import { DAY, HOUR } from '../../../src/clock.ts';
import type { RiskProfileRecord } from '../../../src/risk/models/risk-profile.ts';
import { EMPTY_TOTALS, type Totals, type WindowCounts } from '../../../src/risk/counters.ts';
import type { DetectionContext } from '../../../src/risk/detections/index.ts';

export const NOW = new Date('2026-03-02T12:00:00Z');

export function seen(...values: string[]): string[] {
  return values;
}

export function profile(overrides: Partial<RiskProfileRecord> = {}): RiskProfileRecord {
  return {
    _id: 'u1',
    username: 'alice',
    learnedSignIns: 12,
    firstLearnedAt: new Date(NOW.getTime() - 10 * DAY),
    devices: seen('dev-1'),
    ips: seen('203.0.113.10'),
    networks: seen('AS64500'),
    countries: seen('GB'),
    browsers: seen('Firefox on Linux'),
    lastLocation: { latitude: 51.5, longitude: -0.12, country: 'GB', city: 'London', network: 'AS64500', at: new Date(NOW.getTime() - 2 * HOUR) },
    fails: {},
    userDetections: {},
    riskySignIns: [],
    userRiskState: 'none',
    atRisk: false,
    updatedAt: NOW,
    ...overrides,
  };
}

export function totals(overrides: Partial<Totals>): Totals {
  return { ...EMPTY_TOTALS, ...overrides };
}

export function counts(short: Partial<Totals> = {}, long: Partial<Totals> = short): WindowCounts {
  return { short: totals(short), long: totals(long) };
}

/** Alice, from her usual device, browser, network and city. */
export function context(overrides: Partial<DetectionContext> = {}): DetectionContext {
  return {
    now: NOW,
    username: 'alice',
    userId: 'u1',
    passwordOk: true,
    ip: '203.0.113.10',
    source: '203.0.113.10',
    network: 'AS64500',
    location: { country: 'GB', city: 'London', latitude: 51.5, longitude: -0.12, asn: 64500 },
    anonymousList: null,
    deviceId: 'dev-1',
    browser: 'Firefox on Linux',
    profile: profile(),
    sourceCounts: counts(),
    networkCounts: counts(),
    accountFailures: { short: 0, long: 0 },
    ...overrides,
  };
}
