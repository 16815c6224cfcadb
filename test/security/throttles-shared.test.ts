/**
 * Security throttles live in the database: two Vigil instances on one database (as behind a load
 * balancer) share every count, and an instance started afterwards (a restart) still sees it. With
 * per-process memory each instance allowed the full limit again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { createThrottle } from '../../src/db/throttle.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { forgotPage, SSPR_POLICIES } from '../support/reset.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

const clock = new ManualClock('2026-06-01T10:00:00Z');
let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  first = await startTestApp({ label: 'throttleshared', policiesYaml: SSPR_POLICIES, clock, env: { TRUST_PROXY: 'true' } });
  second = await startTestApp({ label: 'throttleshared', policiesYaml: SSPR_POLICIES, clock, env: { TRUST_PROXY: 'true' }, databaseUri: first.databaseUri });
});
afterAll(async () => {
  await second.close();
  await first.close();
});

async function resetRequest(vigil: TestApp, username: string, ip: string): Promise<number> {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = { 'X-Forwarded-For': ip };
  const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  const { forgot } = await forgotPage(rp, browser);
  return (await browser.submit(forgot, 'send', { username })).status;
}

async function strength(vigil: TestApp, ip: string): Promise<number> {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = { 'X-Forwarded-For': ip };
  return (await browser.agent.post('/password-strength').set(browser.headers).type('form').send({ password: 'x' })).status;
}

describe('throttles shared by every instance', () => {
  it('the reset limit per account and source counts requests to both instances, and survives a restart', async () => {
    const statuses: number[] = [];
    for (const vigil of [first, second, first, second, first]) statuses.push(await resetRequest(vigil, 'shared-name', '198.51.100.9'));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(await resetRequest(second, 'shared-name', '198.51.100.9')).toBe(429);

    const restarted = await startTestApp({ label: 'throttleshared', policiesYaml: SSPR_POLICIES, clock, env: { TRUST_PROXY: 'true' }, databaseUri: first.databaseUri });
    try {
      expect(await resetRequest(restarted, 'shared-name', '198.51.100.9')).toBe(429);
    } finally {
      await restarted.close();
    }
    clock.advance(15 * 60_000);
    expect(await resetRequest(first, 'shared-name', '198.51.100.9')).toBe(200);
  });

  it('the strength meter limit per source counts requests to both instances', async () => {
    const statuses = await Promise.all(Array.from({ length: 120 }, (_, i) => strength(i % 2 ? first : second, '203.0.113.8')));
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await strength(first, '203.0.113.8')).toBe(429);
    expect(await strength(second, '203.0.113.8')).toBe(429);
  });

  it('never lets more than its limit through, however many requests race (FerretDB has no atomic counter)', async () => {
    const racing = [createThrottle({ points: 10, durationSeconds: 60, keyPrefix: 'race', clock }), createThrottle({ points: 10, durationSeconds: 60, keyPrefix: 'race', clock })];
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => racing[i % 2]?.consume('one-key')));
    expect(results.filter((result) => result?.ok)).toHaveLength(10);
  });
});
