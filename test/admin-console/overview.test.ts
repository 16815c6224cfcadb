import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.ts';
import { ReportOnlyEvent } from '../../src/policy/report-only-event.ts';
import { RiskDetection } from '../../src/risk/models/risk-detection.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;

/** A recorded sign-in with only what the overview reads (the scans project at, outcome and risk level). */
async function signInAt(at: Date, outcome: string, riskLevel: string): Promise<void> {
  await SignInEvent.collection.insertOne({ _id: `${at.getTime().toString(16)}${Math.random().toString(16).slice(2, 12)}`.slice(0, 24) as never, at, username: 'seeded', outcome, riskLevel, riskState: 'none', expiresAt: new Date(at.getTime() + 365 * DAY) });
}

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-overview', env: { ADMIN_MFA_STRENGTH: 'mfa' } });
  const ada = await createTestUser({ username: 'ada', groups: ['vigil-admins'] });
  adaMfa = await registerMfa(vigil, ada._id.toString());
  const now = vigil.clock.now().getTime();
  // Three days ago: two high-risk blocked sign-ins and a spray detection; ten days ago: one more.
  for (let i = 0; i < 2; i += 1) await signInAt(new Date(now - 3 * DAY), 'blocked', 'high');
  await signInAt(new Date(now - 10 * DAY), 'blocked', 'high');
  await RiskDetection.collection.insertOne({ _id: 'seeded-detection-1' as never, at: new Date(now - 3 * DAY), type: 'passwordSpray', scope: 'signIn', level: 'high', state: 'atRisk', reason: 'seeded', expiresAt: new Date(now + DAY) });
  for (let i = 0; i < 3; i += 1) {
    await ReportOnlyEvent.create({ policy: 'signInRisk', userId: ada._id.toString(), wouldHave: 'mfa', at: new Date(now - 2 * DAY - i * HOUR), expiresAt: new Date(now + DAY) });
  }
});
afterAll(async () => {
  await vigil.close();
});

const rowsWithHigh = (html: string): number => {
  // The risk level table's columns: none, low, medium, high, total.
  const table = html.slice(html.indexOf('Sign-ins by risk level'));
  return [...table.matchAll(/<th scope="row">[^<]+<\/th><td>\d+<\/td><td>\d+<\/td><td>\d+<\/td><td>(\d+)<\/td>/g)].reduce((sum, m) => sum + Number(m[1]), 0);
};

describe('admin console overview ranges', () => {
  it('shows 24 hours by default, and 7 or 30 days on request, each with charts by outcome and risk level and their tables', async () => {
    const { browser, page } = await adminSignIn(vigil, 'ada', adaMfa);
    expect(page.html).toContain('<a class="link" href="/admin?range=24h" aria-current="page">');
    expect(page.html).toContain('<title id="outcome-chart-title">Sign-ins by outcome, last 24 hours (UTC)</title>');
    expect(page.html).toContain('<title id="level-chart-title">Sign-ins by risk level, last 24 hours (UTC)</title>');
    expect(rowsWithHigh(page.html)).toBe(0);

    const week = await browser.open('/admin?range=7d');
    expect(week.status).toBe(200);
    expect(week.html).toContain('aria-current="page">7 days');
    expect(week.html.match(/<tr><th scope="row">/g)?.length).toBeGreaterThanOrEqual(28 * 2);
    expect(rowsWithHigh(week.html)).toBe(2);
    expect(week.html).toContain('<title id="detections-chart-title">Detections by type, last 7 days</title>');
    expect(week.html).toContain('<tr><th scope="row">passwordSpray</th><td>1</td></tr>');

    const month = await browser.open('/admin?range=30d');
    expect(rowsWithHigh(month.html)).toBe(3);
    const dayRow = new Date(vigil.clock.now().getTime() - 10 * DAY).toISOString().slice(0, 10);
    expect(month.html).toContain(`<th scope="row">${dayRow}</th>`);
  });

  it('says what a report-only policy would have done in the range', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const week = await browser.open('/admin?range=7d');
    expect(week.html).toMatch(/The <strong>signInRisk<\/strong> policy would have required mfa at <strong>3<\/strong> sign-ins in the last 7 days\./);
    expect(week.html).toContain('<tr><th scope="row">signInRisk: mfa</th><td>3</td></tr>');
    const today = await browser.open('/admin');
    expect(today.html).toContain('No report-only policy would have acted in the last 24 hours.');
  });

  it('answers an unknown or repeated range with 400 and the choices', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    for (const query of ['range=1y', 'range=7d&range=30d', 'range=']) {
      const page = await browser.open(`/admin?${query}`);
      expect(page.status).toBe(400);
      expect(page.html).toContain('Choose a range from the list');
      expect(page.html).toContain('href="/admin?range=30d"');
    }
  });
});
