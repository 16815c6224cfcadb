import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/audit-event.ts';
import { User } from '../../src/users/user.ts';
import { readProfile } from '../../src/risk/profile-store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { formWithButton, UserAgent } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;
const SPRAYED = ['mallory', 'nina', 'oscar', 'pia', 'quinn', 'rosa'];

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-actions' });
  const ada = await createTestUser({ username: 'ada', groups: ['vigil-admins'] });
  adaMfa = await registerMfa(vigil, ada._id.toString());
  for (const username of SPRAYED) await createTestUser({ username });
});
afterAll(async () => {
  await vigil.close();
});

async function spray(): Promise<void> {
  for (const username of SPRAYED) {
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.open('/security-info');
    await browser.submit(login, 'login', { username, password: 'Winter2026!' });
  }
}

describe('admin console actions', () => {
  it('shows a password spray in the overview\'s data table for this hour', async () => {
    await spray();
    const { page } = await adminSignIn(vigil, 'ada', adaMfa);
    const hour = `${vigil.clock.now().toISOString().slice(0, 13).replace('T', ' ')}:00`;
    const row = new RegExp(`<th scope="row">${hour}</th>((?:<td>\\d+</td>)+)`).exec(page.html)?.[1] ?? '';
    const cells = [...row.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    // Columns follow SIGN_IN_OUTCOMES: success, mfaRequired, mfaFailed, blocked, failedPassword, …; the last is the total.
    expect(cells[4]).toBeGreaterThanOrEqual(SPRAYED.length);
    expect(page.html).toContain('<svg class="chart" role="img"');
    expect(page.html).toMatch(/<title id="chart-title">/);
  });

  it('lists a user\'s recent sign-ins on their detail page', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const mallory = await User.findOne({ username: 'mallory' }).lean();
    const detail = await browser.open(`/admin/users/${mallory?._id.toString() ?? ''}`);
    expect(detail.html).toContain('<h1>mallory</h1>');
    expect(detail.html).toMatch(/<td>failedPassword<\/td><td>none<\/td><td>127\.0\.0\.1<\/td>/);
  });

  it('confirms a user compromised after a confirmation step, as the CLI does, and the audit trail shows it once', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const victim = await createTestUser({ username: 'victor' });
    const userId = victim._id.toString();
    const detail = await browser.open(`/admin/users/${userId}`);
    expect(detail.html).toContain('<h1>victor</h1>');
    const confirm = await browser.open(`/admin/users/${userId}/confirm-compromised`);
    expect(confirm.html).toContain('Confirm victor compromised?');
    expect((await readProfile(userId))?.userRiskState ?? 'none').toBe('none');

    const done = await browser.submit(confirm, 'confirm');
    expect(done.status).toBe(200);
    expect(done.html).toContain('was confirmed compromised');
    expect(done.html).toMatch(/id="risk-level">high</);
    expect((await readProfile(userId))?.userRiskState).toBe('confirmedCompromised');

    const events = await AuditEvent.find({ action: 'risk.confirm-compromised', user: 'victor' }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBe('ada');
    expect(events[0]?.after).toMatchObject({ riskLevel: 'high', riskState: 'confirmedCompromised' });
    const audit = await browser.open('/admin/audit');
    expect(audit.html.match(/<td>ada<\/td><td>risk\.confirm-compromised<\/td><td>victor<\/td>/g)).toHaveLength(1);

    const risky = await browser.open('/admin/users');
    expect(risky.html).toContain(`href="/admin/users/${userId}">victor</a>`);
    expect(formWithButton(done.html, 'sign-out').fields.csrf).toBeTruthy();
  });

  it('answers 404 for an unknown user id', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    expect((await browser.open('/admin/users/000000000000000000000000')).status).toBe(404);
    expect((await browser.open('/admin/users/not-an-id')).status).toBe(404);
  });

  it('ends the admin console session of an admin confirmed compromised', async () => {
    const brenda = await createTestUser({ username: 'brenda', groups: ['vigil-admins'] });
    const brendaMfa = await registerMfa(vigil, brenda._id.toString());
    const { browser: brendas } = await adminSignIn(vigil, 'brenda', brendaMfa);
    expect((await brendas.open('/admin/audit')).html).toContain('<h1>Audit trail</h1>');
    const { browser: adas } = await adminSignIn(vigil, 'ada', adaMfa);
    const confirm = await adas.open(`/admin/users/${brenda._id.toString()}/confirm-compromised`);
    await adas.submit(confirm, 'confirm');
    expect((await brendas.open('/admin/audit')).html).toContain('autocomplete="current-password"');
  });
});
