/**
 * Starting a reset, choosing "e-mail me a code" and a wrong code take the same time for a real
 * account as for a name nobody has: the two samples of response times are compared with a Mann-Whitney U
 * test and must not differ (|z| < 3). Samples are interleaved (known, unknown, unknown, known, …)
 * so load from other processes on the machine falls on both alike, and each request comes from
 * its own address and hour so no throttle or mail cap answers instead of the code under test.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { forgotPage, registerResetEmail, SSPR_POLICIES } from '../support/reset.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { createTestUser } from '../support/users.ts';

const PAIRS = 80;
let vigil: TestApp;
let sink: SmtpSink;
let rp: RelyingParty;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'resettiming', policiesYaml: SSPR_POLICIES, env: { TRUST_PROXY: 'true', SMTP_URL: sink.url } });
  const user = await createTestUser({ username: 'tia' });
  await registerResetEmail(vigil, user._id.toString(), 'tia.reset@example.test');
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

/** Mann-Whitney U as a z score (normal approximation, ties given their mean rank). */
function mannWhitneyZ(a: number[], b: number[]): number {
  const all = [...a.map((value) => ({ value, group: 0 })), ...b.map((value) => ({ value, group: 1 }))].sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(all.length);
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]?.value === all[i]?.value) j += 1;
    for (let k = i; k <= j; k += 1) ranks[k] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const rankSumA = all.reduce((sum, entry, index) => sum + (entry.group === 0 ? ranks[index] ?? 0 : 0), 0);
  const u = rankSumA - (a.length * (a.length + 1)) / 2;
  const mean = (a.length * b.length) / 2;
  const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12);
  return (u - mean) / sd;
}

let address = 0;
interface Sample { start: number; email: number; wrongCode: number }

async function timedReset(username: string): Promise<Sample> {
  // Three hours apart: 8 samples a UTC day stay under the daily cap of verification attempts.
  vigil.clock.advance(3 * HOUR);
  const browser = new UserAgent(vigil.issuer);
  address += 1;
  browser.headers = { 'X-Forwarded-For': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` };
  const { forgot } = await forgotPage(rp, browser);
  let started = performance.now();
  const choose = await browser.submit(forgot, 'send', { username });
  const start = performance.now() - started;
  started = performance.now();
  const verify = await browser.submit(choose, 'choose', { method: 'email' });
  const email = performance.now() - started;
  expect(verify.html).toContain('autocomplete="one-time-code"');
  // The mail leaves after the response: let that finish before the next sample is timed.
  await new Promise((done) => setTimeout(done, 15));
  started = performance.now();
  const wrong = await browser.submit(verify, 'verify', { code: '000000' });
  const wrongCode = performance.now() - started;
  expect(wrong.status).toBe(401);
  return { start, email, wrongCode };
}

describe('reset timing does not tell real accounts from unknown names', () => {
  it(`${PAIRS} interleaved pairs: starting a reset, choosing e-mail and a wrong code take the same time (Mann-Whitney |z| < 3)`, async () => {
    for (let i = 0; i < 4; i += 1) await timedReset(i % 2 ? 'tia' : 'nobody-warmup');
    const known: Sample[] = [];
    const unknown: Sample[] = [];
    for (let i = 0; i < PAIRS; i += 1) {
      if (i % 2 === 0) {
        known.push(await timedReset('tia'));
        unknown.push(await timedReset(`nobody-${i}`));
      } else {
        unknown.push(await timedReset(`nobody-${i}`));
        known.push(await timedReset('tia'));
      }
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
    const report: string[] = [];
    const zs = (['start', 'email', 'wrongCode'] as const).map((step) => {
      const z = mannWhitneyZ(known.map((s) => s[step]), unknown.map((s) => s[step]));
      report.push(`${step}: medians known ${median(known.map((s) => s[step])).toFixed(2)} ms, unknown ${median(unknown.map((s) => s[step])).toFixed(2)} ms, z=${z.toFixed(2)}`);
      return z;
    });
    console.info(`reset timing, ${PAIRS} pairs: ${report.join('; ')}`);
    expect(sink.messages.some((m) => m.envelopeTo.includes('tia.reset@example.test'))).toBe(true);
    for (const z of zs) expect(Math.abs(z)).toBeLessThan(3);
  });
});
