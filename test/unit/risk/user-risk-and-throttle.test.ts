/** User-risk aggregation, source throttling, browser labels and settings (pure). */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../src/clock.ts';
import { browserOf } from '../../../src/risk/browser.ts';
import { riskSettingsFromEnv, RiskSettingsError } from '../../../src/risk/settings.ts';
import { throttleDecision } from '../../../src/risk/throttle.ts';
import { userRiskFindings, userRiskLevel } from '../../../src/risk/user-risk.ts';
import { NOW, counts, profile, seen } from './context.ts';

function refs(...levels: Array<'medium' | 'high'>) {
  return levels.map((level, index) => ({ eventId: `e${index}`, level, at: new Date(NOW.getTime() - HOUR) }));
}

describe('user risk', () => {
  it('is none for a clean profile and for no profile', () => {
    expect(userRiskLevel(profile(), NOW)).toBe('none');
    expect(userRiskLevel(null, NOW)).toBe('none');
  });

  it('accumulates unremediated risky sign-ins', () => {
    expect(userRiskLevel(profile({ riskySignIns: refs('medium') }), NOW)).toBe('low');
    expect(userRiskLevel(profile({ riskySignIns: refs('high') }), NOW)).toBe('medium');
    expect(userRiskLevel(profile({ riskySignIns: refs('medium', 'medium') }), NOW)).toBe('medium');
    expect(userRiskLevel(profile({ riskySignIns: refs('high', 'high') }), NOW)).toBe('high');
    expect(userRiskLevel(profile({ riskySignIns: refs('medium', 'medium', 'high') }), NOW)).toBe('high');
  });

  it('forgets risky sign-ins older than 30 days', () => {
    const old = refs('high', 'high').map((ref) => ({ ...ref, at: new Date(NOW.getTime() - 31 * DAY) }));
    expect(userRiskLevel(profile({ riskySignIns: old }), NOW)).toBe('none');
  });

  it('takes the highest open user detection', () => {
    const leaked = profile({ userDetections: { leakedCredentials: { id: 'x', level: 'high', reason: 'leaked', at: NOW } }, riskySignIns: refs('medium') });
    expect(userRiskLevel(leaked, NOW)).toBe('high');
    expect(userRiskFindings(leaked, NOW).map((finding) => finding.type)).toEqual(['leakedCredentials', 'accumulatedSignInRisk']);
  });
});

describe('source throttle', () => {
  const base = { now: NOW, source: '198.51.100.7', profile: profile(), accountFailures: 0, sourceCounts: counts() };

  it('throttles a source with many failures, or spraying, until the window moves', () => {
    const decision = throttleDecision({ ...base, sourceCounts: counts({ failures: 30, failedAccounts: 2 }) });
    expect(decision).toEqual({ throttle: true, retryAfterSeconds: 3600, reason: expect.any(String) });
    expect(throttleDecision({ ...base, sourceCounts: counts({ failures: 10, failedAccounts: 10 }) }).throttle).toBe(true);
  });

  it('throttles a source taking part in brute force on this account, but not the user\'s own trusted device', () => {
    const attacked = { ...base, accountFailures: 12, sourceCounts: counts({ failures: 5, failedAccounts: 1 }) };
    expect(throttleDecision({ ...attacked, deviceId: 'attacker' }).throttle).toBe(true);
    expect(throttleDecision({ ...attacked, deviceId: 'dev-1', profile: profile({ devices: seen('dev-1') }) }).throttle).toBe(false);
  });

  it('lets a user who mistyped a few times through', () => {
    expect(throttleDecision({ ...base, accountFailures: 3, sourceCounts: counts({ failures: 3, failedAccounts: 1 }) }).throttle).toBe(false);
  });
});

describe('browser labels', () => {
  it('names family and OS without version', () => {
    expect(browserOf('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox on Linux');
    expect(browserOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0')).toBe('Edge on Windows');
    expect(browserOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari on iOS');
    expect(browserOf('curl/8.5.0')).toBe('curl');
    expect(browserOf(undefined)).toBe('unknown');
  });
});

describe('risk settings', () => {
  it('has defaults and validates numbers', () => {
    const settings = riskSettingsFromEnv({ RISK_GEO_DATABASES: 'none' }, '/etc/vigil');
    expect(settings).toMatchObject({ geoDatabases: [], anonymousIpLists: ['/etc/vigil/risk/anonymous-ips'], listCheckIntervalMs: 60_000, eventRetentionMs: 90 * DAY });
    expect(() => riskSettingsFromEnv({ RISK_EVENT_RETENTION_DAYS: 'soon' }, '/x')).toThrow(RiskSettingsError);
    expect(() => riskSettingsFromEnv({ RISK_EVENT_RETENTION_DAYS: 'soon' }, '/x')).toThrow(/RISK_EVENT_RETENTION_DAYS/);
  });
});
