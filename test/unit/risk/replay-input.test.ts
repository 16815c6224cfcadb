/** Replay input validation: every bad line is refused with its line number, before anything runs. */
import { describe, expect, it } from 'vitest';
import { parseReplayInput, ReplayInputError } from '../../../src/policy/replay.ts';

const ok = { time: '2026-03-02T12:00:00Z', username: 'alice', ip: '203.0.113.5', userAgent: 'ua', deviceId: 'd1', passwordOk: true };
const line = (value: unknown) => JSON.stringify(value);

function errorOf(input: string): ReplayInputError {
  try {
    parseReplayInput(input);
  } catch (error) {
    if (error instanceof ReplayInputError) return error;
    throw error;
  }
  throw new Error('expected a ReplayInputError');
}

describe('replay input', () => {
  it('accepts valid lines, skipping blank ones, and keeps their numbers', () => {
    const parsed = parseReplayInput(`${line(ok)}\n\n${line({ ...ok, time: '2026-03-02T12:05:00Z', mfaOk: false })}\n`);
    expect(parsed.map((entry) => entry.line)).toEqual([1, 3]);
    expect(parsed[1]?.event.mfaOk).toBe(false);
  });

  it.each([
    ['not json', /line 2: not valid JSON/],
    [line([1]), /line 2: must be a JSON object/],
    [line({ ...ok, time: 'yesterday' }), /line 2: "time" must be an ISO-8601/],
    [line({ ...ok, time: '2026-03-02T12:00:00' }), /line 2: "time" must be an ISO-8601/],
    [line({ ...ok, username: '' }), /line 2: "username" must not be empty/],
    [line({ ...ok, ip: '300.1.1.1' }), /line 2: "ip" is not an IP address/],
    [line({ ...ok, passwordOk: 'yes' }), /line 2: "passwordOk" must be true or false/],
    [line({ ...ok, mfaOk: 1 }), /line 2: "mfaOk" must be true or false/],
    [line({ ...ok, extra: 1 }), /line 2: unknown field\(s\): extra/],
    [line({ ...ok, time: '2026-03-02T11:00:00Z' }), /line 2: "time" is earlier than line 1/],
  ])('refuses %s', (bad, message) => {
    const error = errorOf(`${line(ok)}\n${bad}\n${line(ok)}`);
    expect(error.line).toBe(2);
    expect(error.message).toMatch(message);
  });
});
