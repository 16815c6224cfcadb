/**
 * Journey: the admin console's actions, ranges and policies — the admin (in vigil-admins, with an
 * authenticator app) signs in with a TOTP code, switches the overview to 7 days, opens a user,
 * requires a password change and disables them (each through its confirmation page), finds both in
 * the audit trail filtered by action, and backtests a stricter policies file.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { HOUR } from '../../src/clock.ts';
import { policiesSchema } from '../../src/policy/schema.ts';
import { applyPolicies } from '../../src/policy/store.ts';
import { recordReportOnly } from '../../src/policy/report-only-writer.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent } from '../support/user-agent.ts';
import { signInToConsole } from './support/admin-console.ts';
import { browserJourneys } from './support/journey.ts';
import { action, expectHeading, textOf } from './support/pages.ts';

const journeys = browserJourneys({ label: 'admin-console-actions' });
let mfa: RegisteredMfa;
let zoeId = '';

beforeAll(async () => {
  const admin = await createTestUser({ username: 'opsa', groups: ['vigil-admins'] });
  mfa = await registerMfa(journeys.vigil, admin._id.toString());
  const zoe = await createTestUser({ username: 'zoe' });
  zoeId = zoe._id.toString();
  // Zoe signed in a few times this week; one report-only decision; the example policies applied.
  const now = journeys.vigil.clock.now();
  for (const hoursAgo of [100, 50, 5]) {
    journeys.vigil.clock.set(new Date(now.getTime() - hoursAgo * HOUR));
    const browser = new UserAgent(journeys.vigil.issuer);
    await browser.submit(await browser.open('/security-info'), 'login', { username: 'zoe', password: hoursAgo === 5 ? 'Winter2026!' : DEFAULT_PASSWORD });
  }
  journeys.vigil.clock.set(now);
  await recordReportOnly({ policy: 'signInRisk', userId: zoeId, wouldHave: 'mfa' }, new Date(now.getTime() - 2 * HOUR));
  const example = policiesSchema.parse(parse(readFileSync('config/policies.yaml', 'utf8')));
  await applyPolicies(example, { appliedBy: 'cli:ops', source: 'config/policies.yaml', clock: journeys.vigil.clock, allowWeaker: true });
});

describe('admin console actions', () => {
  it('acts on a user through confirmation pages, audits it, and backtests a policies file', async () => {
    const session = await journeys.session();
    const { page } = session;
    await signInToConsole(journeys, session, 'opsa', mfa.secret);
    await expectHeading(page, 'Overview');
    await session.checkPage('admin-overview-day', { screenshot: false });
    await page.getByRole('link', { name: '7 days' }).click();
    await page.waitForURL(/range=7d/);
    expect(await page.locator('a[aria-current="page"]').textContent()).toBe('7 days');
    expect(await page.locator('svg.chart title#level-chart-title').textContent()).toContain('Sign-ins by risk level, last 7 days');
    expect(await page.locator('li.report-only').first().textContent()).toContain('would have required mfa at 1 sign-ins');
    await session.checkPage('admin-overview-week');

    await page.goto(`${journeys.vigil.issuer}/admin/users/${zoeId}`);
    await expectHeading(page, 'zoe');
    await session.checkPage('admin-user-actions');

    await page.getByRole('link', { name: 'Require a password change…' }).click();
    await expectHeading(page, 'Require zoe to change their password?');
    await session.checkPage('admin-action-confirm', { screenshot: false });
    await action(page, 'confirm').click();
    await page.locator('p.notice[role="status"]').waitFor();
    expect(await textOf(page, 'p.notice')).toBe('zoe must change their password at their next sign-in.');
    await session.checkPage('admin-user-action-done', { screenshot: false });

    await page.getByRole('link', { name: 'Disable…' }).click();
    await expectHeading(page, 'Disable zoe?');
    await session.checkPage('admin-action-confirm-disable', { screenshot: false });
    await action(page, 'confirm').click();
    await page.locator('#account-state').waitFor();
    expect(await textOf(page, 'p.notice')).toContain('zoe was disabled');
    await session.checkPage('admin-user-disabled', { screenshot: false });

    await page.getByRole('link', { name: 'Audit trail' }).click();
    await expectHeading(page, 'Audit trail');
    await session.checkPage('admin-audit-all', { screenshot: false });
    await page.getByLabel('Action').selectOption('user.disable');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=user\.disable/);
    const rows = await page.locator('table tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('opsa');
    expect(rows[0]).toContain('zoe');
    await session.checkPage('admin-audit-filtered', { screenshot: false });

    await page.getByRole('link', { name: 'Policies' }).click();
    await expectHeading(page, 'Policies');
    await session.checkPage('admin-policies', { screenshot: false });
    const example = policiesSchema.parse(parse(readFileSync('config/policies.yaml', 'utf8')));
    await page.getByLabel('Candidate policies (YAML)').fill(stringify({ ...example, signInRisk: { ...example.signInRisk, level: 'low' } }));
    await page.getByRole('button', { name: 'Run the backtest' }).click();
    await page.locator('#backtest-result').waitFor();
    expect(await page.locator('svg.chart title#candidate-chart-title').textContent()).toContain('would have allowed, challenged or blocked');
    await session.checkPage('admin-policies-backtest');
  });
});
