/** What the engine stores stays bounded, and its indexes install on FerretDB (TTL skipped, logged once). */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, ManualClock } from '../../src/clock.ts';
import { pino } from 'pino';
import { ensureRiskIndexes } from '../../src/risk/retention.ts';
import { connect, disconnect, engineWith, signIn } from './support.ts';

beforeAll(() => connect('risk-store'));
afterAll(disconnect);

describe('bounded documents', () => {
  it('keeps at most 24 hourly buckets per counter and per account, however long the attack', async () => {
    const clock = new ManualClock('2026-08-01T00:00:00Z');
    const engine = engineWith(clock);
    for (let hour = 0; hour < 40; hour++) {
      await signIn(engine, { userId: 'u-bounded', ip: '203.0.113.77', passwordOk: false });
      clock.advance(HOUR);
    }
    const db = mongoose.connection.db;
    const counter = await db?.collection('risk_counters').findOne({ _id: 'ip:203.0.113.77' as never });
    const buckets = Object.keys((counter?.h ?? {}) as object);
    expect(buckets.length).toBeGreaterThan(20);
    expect(buckets.length).toBeLessThanOrEqual(24);
    const profile = await db?.collection('risk_profiles').findOne({ _id: 'u-bounded' as never });
    expect(Object.keys((profile?.fails ?? {}) as object).length).toBeLessThanOrEqual(24);
  });
});

describe('indexes', () => {
  it('install on the test database; TTL indexes are skipped with one log line where unsupported', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
    await ensureRiskIndexes(logger);
    const indexes = await mongoose.connection.db?.collection('sign_in_events').indexes();
    expect(indexes?.map((index) => index.name)).toEqual(expect.arrayContaining(['userId_1_at_-1__id_-1', 'username_1_at_-1__id_-1', 'at_1']));
    const ttl = indexes?.some((index) => index.expireAfterSeconds !== undefined);
    const skipped = lines.filter((line) => line.includes('no TTL indexes'));
    expect(ttl ? skipped.length : 1).toBe(1);
  });
});
