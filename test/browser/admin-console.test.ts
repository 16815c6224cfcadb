/**
 * Journey: the admin console — a password spray over many users shows as a spike on the
 * overview chart; the admin (in vigil-admins, with an authenticator app) signs in with a TOTP
 * code, opens the sprayed user, confirms them compromised, and finds it in the audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent } from '../support/user-agent.ts';
import { signInToConsole } from './support/admin-console.ts';
import { browserJourneys } from './support/journey.ts';
import { action, expectHeading, textOf } from './support/pages.ts';

const journeys = browserJourneys({ label: 'admin-console' });
// Twelve accounts from one address: from the eleventh on, the engine calls it a password spray.
const SPRAYED = ['amara', 'bruno', 'chen', 'dana', 'emil', 'farah', 'goran', 'hana', 'ivo', 'jana', 'kofi', 'lena'];
let mfa: RegisteredMfa;

/** One sign-in through security info's login form (a real sign-in, recorded with its outcome). */
async function signInOnce(username: string, password: string): Promise<void> {
  const browser = new UserAgent(journeys.vigil.issuer);
  const login = await browser.open('/security-info');
  await browser.submit(login, 'login', { username, password });
}

beforeAll(async () => {
  const admin = await createTestUser({ username: 'ops', groups: ['vigil-admins'] });
  mfa = await registerMfa(journeys.vigil, admin._id.toString());
  for (const username of SPRAYED) await createTestUser({ username });
  // A quiet day: one good sign-in every few hours (the spray comes in the current hour, below).
  const now = journeys.vigil.clock.now();
  for (const hoursAgo of [18, 12, 6, 3]) {
    journeys.vigil.clock.set(new Date(now.getTime() - hoursAgo * HOUR));
    await signInOnce(SPRAYED[hoursAgo % SPRAYED.length] ?? 'amara', DEFAULT_PASSWORD);
  }
  journeys.vigil.clock.set(now);
});

describe('admin console', () => {
  it('signs in with MFA, shows the spray as a spike, confirms a user compromised and audits it', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInToConsole(journeys, session, 'ops', mfa.secret);
    await expectHeading(page, 'Overview');
    // The spray, once the admin is in: it comes from the same address as the admin's browser,
    // which would otherwise be under attack itself when the admin signs in.
    for (const username of SPRAYED) await signInOnce(username, 'Winter2026!');
    await page.reload();
    await expectHeading(page, 'Overview');
    const bars = page.locator('svg.chart[aria-labelledby^="outcome-chart"] rect');
    const heights = (await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height')))));
    // The spray's hour is the tallest bar by far.
    const last = heights.at(-1) ?? 0;
    expect(last).toBeGreaterThan(4 * Math.max(...heights.slice(0, -1)));
    expect(await page.locator('svg.chart title#outcome-chart-title').textContent()).toContain('Sign-ins by outcome, last 24 hours');
    await session.checkPage('admin-overview');

    await page.getByRole('link', { name: 'Risky users' }).click();
    await expectHeading(page, 'Risky users');
    await session.checkPage('admin-risky-users', { screenshot: false });

    // The risky sign-ins, filtered to the attack: the sprayed attempts the engine flagged.
    await page.getByRole('link', { name: 'Risky sign-ins' }).click();
    await expectHeading(page, 'Risky sign-ins');
    await session.checkPage('admin-sign-ins-all', { screenshot: false });
    await page.getByLabel('Detection type').selectOption('passwordSpray');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=passwordSpray/);
    const flagged = await page.locator('table tbody tr').allTextContents();
    expect(flagged).toHaveLength(2);
    // The attempts after the tenth account: flagged (and throttled) as a spray.
    for (const row of flagged) expect(row).toMatch(/(kofi|lena).*passwordSpray/);
    await session.checkPage('admin-sign-ins');

    await page.locator('table tbody tr').first().getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: /^Sign-in by / }).waitFor();
    const victim = (await textOf(page, 'h1')).replace('Sign-in by ', '');
    expect(SPRAYED.slice(10)).toContain(victim);
    expect(await page.locator('ul.detail-list li').first().textContent()).toContain('passwordSpray');
    await session.checkPage('admin-sign-in', { screenshot: false });

    await page.getByRole('link', { name: victim, exact: true }).click();
    await expectHeading(page, victim);
    await session.checkPage('admin-user');

    await page.getByRole('link', { name: 'Confirm compromised…' }).click();
    await expectHeading(page, `Confirm ${victim} compromised?`);
    await session.checkPage('admin-confirm-compromised', { screenshot: false });
    await action(page, 'confirm').click();
    await page.locator('p.notice[role="status"]').waitFor();
    expect(await textOf(page, '#risk-level')).toBe('high');
    await session.checkPage('admin-user-confirmed', { screenshot: false });

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await expectHeading(page, 'Audit trail');
    const rows = await page.locator('table tbody tr').allTextContents();
    expect(rows.filter((row) => row.includes('risk.confirm-compromised') && row.includes(victim) && row.includes('ops'))).toHaveLength(1);
    await session.checkPage('admin-audit', { screenshot: false });
  });
});
