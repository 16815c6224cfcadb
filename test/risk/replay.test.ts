/**
 * Backtesting over a synthetic JSONL file: a password spray from one IP across 20 users ending
 * in a correct guess, then an impossible-travel pair, run through the live detections with a
 * simple policy. MFA remediates as it would live unless the line says it failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atOrAbove } from '../../src/risk/level.ts';
import { replay, ReplayInputError, type DecideFn } from '../../src/policy/replay.ts';
import { User } from '../../src/users/user.ts';
import { anonymousIps, connect, disconnect, geolocator } from './support.ts';

beforeAll(() => connect('risk-replay'));
afterAll(disconnect);

const decide: DecideFn = ({ signInRisk, userRisk, passwordOk }) => {
  if (!passwordOk) return 'block';
  if (atOrAbove(userRisk, 'high')) return 'mfa+passwordChange';
  if (atOrAbove(signInRisk, 'medium')) return 'mfa';
  return 'allow';
};

function at(minutes: number): string {
  return new Date(Date.parse('2026-07-01T09:00:00Z') + minutes * 60_000).toISOString();
}

function jsonl(): string {
  const lines: object[] = [];
  for (let i = 0; i < 20; i++) {
    lines.push({ time: at(i), username: `user${i}`, ip: '2001:db8:66::1', userAgent: 'python-requests/2.31', deviceId: '', passwordOk: false });
  }
  lines.push({ time: at(21), username: 'user20', ip: '2001:db8:66::1', userAgent: 'python-requests/2.31', deviceId: '', passwordOk: true, mfaOk: false });
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  lines.push({ time: at(30), username: 'Traveler', ip: '203.0.113.50', userAgent: firefox, deviceId: 'dev-t', passwordOk: true });
  lines.push({ time: at(90), username: 'traveler', ip: '198.51.100.60', userAgent: firefox, deviceId: 'dev-t', passwordOk: true });
  lines.push({ time: at(100), username: 'traveler', ip: '198.51.100.60', userAgent: firefox, deviceId: 'dev-t', passwordOk: true });
  return `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
}

describe('replay', () => {
  it('runs the live detections and remediation over the file', async () => {
    const streamed: number[] = [];
    const report = await replay(jsonl(), { decide, geolocator, anonymousIps, onResult: (result) => streamed.push(result.line) });
    expect(report.results).toHaveLength(24);
    expect(streamed).toEqual(report.results.map((result) => result.line));

    const spray = report.results.slice(0, 21);
    expect(spray.slice(0, 10).every((result) => result.riskLevel === 'none')).toBe(true);
    expect(spray.slice(10, 20).every((result) => result.detections.some((detection) => detection.type === 'passwordSpray'))).toBe(true);
    const guess = report.results[20];
    expect(guess).toMatchObject({ line: 21, username: 'user20', riskLevel: 'high', decision: 'mfa' });
    expect(guess?.detections).toContainEqual({ type: 'passwordSpray', level: 'high', reason: expect.stringContaining('2001:db8:66::/64'), scope: 'signIn' });

    const [first, travel, after] = report.results.slice(21);
    expect(first).toMatchObject({ line: 22, riskLevel: 'none', decision: 'allow', time: at(30) });
    expect(travel).toMatchObject({ line: 23, username: 'traveler', riskLevel: 'high', decision: 'mfa' });
    expect(travel?.detections.map((detection) => detection.type)).toContain('impossibleTravel');
    // MFA remediated the travel sign-in and made New York familiar: the next sign-in is clean.
    expect(after).toMatchObject({ line: 24, riskLevel: 'none', decision: 'allow' });

    expect(report.totals).toMatchObject({ events: 24, users: 22, byDecision: { block: 20, mfa: 2, allow: 2, 'mfa+passwordChange': 0 } });
    expect(report.totals.byDetection.passwordSpray).toBe(11);
    expect(report.totals.byDetection.impossibleTravel).toBe(1);
    expect(await User.countDocuments({ username: { $in: ['traveler', 'user0', 'user20'] } })).toBe(3);
  });

  it('refuses a bad line before running anything, naming the line', async () => {
    const input = `${jsonl()}{"time": "2026-07-01T12:00:00Z", "username": "x", "ip": "nope", "userAgent": "", "deviceId": "", "passwordOk": true}\n`;
    await expect(replay(input, { decide })).rejects.toThrow(ReplayInputError);
    await expect(replay(input, { decide })).rejects.toThrow(/^line 25: "ip" is not an IP address/);
  });
});
