/**
 * Cost of one evaluation: at most three database queries (each an `_id` lookup) and no growth
 * with the user's history. A user with thousands of stored sign-in events and a full profile is
 * assessed while every query is counted through mongoose's debug hook.
 */
import mongoose from 'mongoose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ManualClock, MINUTE } from '../../src/clock.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { newEventId } from '../../src/risk/assess.ts';
import { connect, disconnect, engineWith, signIn } from './support.ts';

const HISTORY = 3000;
const queries: Array<{ collection: string; method: string; filter: unknown }> = [];

beforeAll(() => connect('risk-cost'));
afterAll(disconnect);
afterEach(() => { mongoose.set('debug', false); });

function countQueries(): void {
  queries.length = 0;
  mongoose.set('debug', (collection: string, method: string, filter: unknown) => { queries.push({ collection, method, filter }); });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('evaluation cost', () => {
  it(`reads at most 3 documents by _id for a user with ${HISTORY} past sign-ins`, async () => {
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const engine = engineWith(clock);

    // Real sign-ins fill the profile's lists to their caps (more devices, IPs and networks than kept).
    for (let i = 0; i < 30; i++) {
      await signIn(engine, { userId: 'u-long', ip: `203.0.${i}.10`, deviceId: `dev-${i}` });
      clock.advance(HOUR);
    }
    // And thousands of older events in bulk (the evaluation must never read them).
    const start = clock.now().getTime() - 200 * 24 * HOUR;
    const events: SignInEventRecord[] = Array.from({ length: HISTORY }, (_, i) => {
      const at = new Date(start + i * MINUTE);
      return {
        _id: newEventId(at), at, userId: 'u-long', username: 'u-long', ip: '203.0.113.10', network: 'AS64500', browser: 'Firefox on Linux',
        passwordOk: true, outcome: 'success', riskLevel: 'none', detections: [], userRiskLevel: 'none', userDetections: [], riskState: 'none',
        decisions: [], steps: [], expiresAt: new Date(clock.now().getTime() + 90 * 24 * HOUR),
      };
    });
    await SignInEvent.collection.insertMany(events as never[]);
    expect(await SignInEvent.countDocuments({ userId: 'u-long' })).toBe(HISTORY + 30);

    const profile = await mongoose.connection.db?.collection('risk_profiles').findOne({ _id: 'u-long' as never });
    expect(profile?.devices).toHaveLength(20);
    expect(profile?.ips).toHaveLength(20);

    const timings: number[] = [];
    let maxQueries = 0;
    for (let i = 0; i < 20; i++) {
      countQueries();
      const started = performance.now();
      const assessment = await engine.assess({ username: 'u-long', userId: 'u-long', ip: '203.0.29.10', deviceId: 'dev-29', userAgent: 'Firefox/128.0 (X11; Linux)', passwordOk: true, password: 'not breached' });
      timings.push(performance.now() - started);
      mongoose.set('debug', false);
      expect(assessment.signInRisk).toBe('none');
      maxQueries = Math.max(maxQueries, queries.length);
      for (const query of queries) {
        expect(query.method).toBe('findOne');
        expect(Object.keys(query.filter as object)).toEqual(['_id']);
        expect(['risk_profiles', 'risk_counters']).toContain(query.collection);
      }
    }
    expect(maxQueries).toBeGreaterThan(0);
    expect(maxQueries).toBeLessThanOrEqual(3);
    // Time is measured by the benchmark (bench/scenarios/risk-evaluation-cost.ts), not asserted here.
    console.info(`risk evaluation: ${maxQueries} queries, median ${median(timings).toFixed(2)} ms, max ${Math.max(...timings).toFixed(2)} ms (${HISTORY} events of history)`);
  });

  it('reads the snapshot once for throttling and assessing an attempt', async () => {
    const clock = new ManualClock('2026-06-01T00:00:00Z');
    const engine = engineWith(clock);
    await signIn(engine, { userId: 'u-snap', ip: '203.0.113.20', deviceId: 'dev-snap' });
    const attempt = { username: 'u-snap', userId: 'u-snap', ip: '203.0.113.20', deviceId: 'dev-snap', passwordOk: true, password: 'not breached' };

    countQueries();
    const snapshot = await engine.snapshot({ ip: attempt.ip, userId: attempt.userId });
    expect(queries.map((query) => query.collection).sort()).toEqual(['risk_counters', 'risk_counters', 'risk_profiles']);

    countQueries();
    const throttle = await engine.throttle({ ip: attempt.ip, userId: attempt.userId, deviceId: attempt.deviceId, snapshot });
    const assessment = await engine.assess(attempt, snapshot);
    mongoose.set('debug', false);
    expect(queries).toEqual([]);
    expect(throttle.throttle).toBe(false);
    expect(assessment.basis.profile?.devices).toEqual(snapshot.profile?.devices);
    expect(assessment.signInRisk).toBe('none');

    // A snapshot of another attempt is not used: the engine reads its own.
    countQueries();
    await engine.assess({ ...attempt, ip: '198.51.100.7' }, snapshot);
    mongoose.set('debug', false);
    expect(queries).toHaveLength(3);
  });

  it('costs the same three reads for an unknown username (its time does not tell it apart)', async () => {
    const engine = engineWith(new ManualClock('2026-06-01T00:00:00Z'));
    countQueries();
    await engine.assess({ username: 'nobody', ip: '203.0.113.9', passwordOk: false });
    mongoose.set('debug', false);
    expect(queries.map((query) => query.collection).sort()).toEqual(['risk_counters', 'risk_counters', 'risk_profiles']);
  });
});
