import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent, type AuditAction, type AuditEventRecord } from '../../src/audit/audit-event.ts';
import { User } from '../../src/users/user.ts';
import { readProfile } from '../../src/risk/profile-store.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { allMethodsOf } from '../../src/mfa/authenticator-store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { formWithButton, UserAgent, type Page } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;
const SPRAYED = ['mallory', 'nina', 'oscar', 'pia', 'quinn', 'rosa'];

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-actions', env: { ADMIN_MFA_STRENGTH: 'mfa' } });
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
    expect(page.html).toMatch(/<title id="outcome-chart-title">/);
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

/** Opens an action's confirmation page and confirms it, as the admin would. */
async function confirmAction(browser: UserAgent, path: string, heading: string): Promise<Page> {
  const confirm = await browser.open(path);
  expect(confirm.status).toBe(200);
  expect(confirm.html).toContain(heading);
  return browser.submit(confirm, 'confirm');
}

async function auditOf(action: AuditAction, user: string): Promise<AuditEventRecord[]> {
  return AuditEvent.find({ action, user }).lean<AuditEventRecord[]>();
}

async function lastSignInOf(username: string): Promise<SignInEventRecord> {
  const event = await SignInEvent.collection.find<SignInEventRecord>({ username }).sort({ at: -1 }).limit(1).next();
  if (!event) throw new Error(`no sign-in recorded for ${username}`);
  return event;
}

describe('admin console actions on a user and a sign-in', () => {
  it('dismisses a user\'s risk, as `risk dismiss` does, with one audit event', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const dora = await createTestUser({ username: 'dora' });
    const id = dora._id.toString();
    await confirmAction(browser, `/admin/users/${id}/confirm-compromised`, 'Confirm dora compromised?');
    const page = await browser.open(`/admin/users/${id}`);
    expect(page.html).toContain(`href="/admin/users/${id}/dismiss-risk"`);
    const done = await confirmAction(browser, `/admin/users/${id}/dismiss-risk`, 'Dismiss the risk of dora?');
    expect(done.html).toContain('The risk of dora was dismissed');
    expect(done.html).toMatch(/id="risk-level">none</);
    expect((await readProfile(id))?.userRiskState).toBe('dismissed');
    const events = await auditOf('risk.dismiss', 'dora');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'ada', before: { riskLevel: 'high' }, after: { riskLevel: 'none', riskState: 'dismissed' } });
    // From where: the admin's address, as the console saw it.
    expect(events[0]?.from).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('requires a password change, resets MFA, disables and enables a user, each audited once', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const emil = await createTestUser({ username: 'emil' });
    const id = emil._id.toString();
    await registerMfa(vigil, id);
    expect((await allMethodsOf(id)).length).toBeGreaterThan(0);

    const required = await confirmAction(browser, `/admin/users/${id}/require-password-change`, 'Require emil to change their password?');
    expect(required.html).toContain('emil must change their password at their next sign-in.');
    expect((await User.findById(id).lean())?.mustChangePassword).toBe(true);

    const reset = await confirmAction(browser, `/admin/users/${id}/reset-mfa`, 'Reset the MFA of emil?');
    expect(reset.html).toContain('The MFA methods and passkeys of emil were removed.');
    expect((await allMethodsOf(id)).filter((m) => m.type === 'totp' || m.type === 'recovery')).toHaveLength(0);

    const disabled = await confirmAction(browser, `/admin/users/${id}/disable`, 'Disable emil?');
    expect(disabled.html).toContain('emil was disabled');
    expect(disabled.html).toMatch(/id="account-state">disabled</);
    expect(disabled.html).toContain(`href="/admin/users/${id}/enable"`);
    expect((await User.findById(id).lean())?.disabled).toBe(true);

    const enabled = await confirmAction(browser, `/admin/users/${id}/enable`, 'Enable emil?');
    expect(enabled.html).toContain('emil was enabled.');
    expect((await User.findById(id).lean())?.disabled).toBe(false);

    expect(await auditOf('user.require-password-change', 'emil')).toMatchObject([{ actor: 'ada', before: { mustChangePassword: false }, after: { mustChangePassword: true } }]);
    expect(await auditOf('mfa.reset', 'emil')).toMatchObject([{ actor: 'ada', after: { passkeys: [] } }]);
    expect(await auditOf('user.disable', 'emil')).toMatchObject([{ actor: 'ada', before: { disabled: false }, after: { disabled: true } }]);
    expect(await auditOf('user.enable', 'emil')).toMatchObject([{ actor: 'ada', before: { disabled: true }, after: { disabled: false } }]);
    const audit = await browser.open('/admin/audit');
    for (const action of ['user.require-password-change', 'mfa.reset', 'user.disable', 'user.enable'] as const) {
      expect(audit.html).toContain(`<td>ada</td><td>${action}</td><td>emil</td>`);
    }
  });

  it('confirms a sign-in safe and another compromised, by id, each audited once on the sign-in', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const safe = await lastSignInOf('nina');
    // The sign-in's own page links to both verdicts (views/admin/sign-in-actions.eta).
    const detail = await browser.open(`/admin/sign-ins/${safe._id}`);
    expect(detail.html).toContain(`href="/admin/sign-ins/${safe._id}/confirm-safe"`);
    expect(detail.html).toContain(`href="/admin/sign-ins/${safe._id}/confirm-compromised"`);
    const done = await confirmAction(browser, `/admin/sign-ins/${safe._id}/confirm-safe`, 'Confirm the sign-in of nina at');
    expect(done.html).toContain('A sign-in of nina was confirmed safe');
    const safeEvents = await AuditEvent.find({ action: 'risk.confirm-safe', 'target.id': safe._id }).lean();
    expect(safeEvents).toHaveLength(1);
    expect(safeEvents[0]).toMatchObject({ actor: 'ada', user: 'nina', target: { kind: 'signIn', id: safe._id }, after: { riskState: 'confirmedSafe' } });

    const stolen = await lastSignInOf('oscar');
    const compromised = await confirmAction(browser, `/admin/sign-ins/${stolen._id}/confirm-compromised`, 'Confirm the sign-in of oscar at');
    expect(compromised.html).toContain('A sign-in of oscar was confirmed compromised');
    expect(compromised.html).toMatch(/id="risk-level">high</);
    expect((await SignInEvent.collection.findOne<SignInEventRecord>({ _id: stolen._id as never }))?.riskState).toBe('confirmedCompromised');
    const events = await AuditEvent.find({ action: 'risk.confirm-sign-in-compromised', 'target.id': stolen._id }).lean();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'ada', user: 'oscar', after: { riskState: 'confirmedCompromised', userRiskLevel: 'high' } });
  });

  it('answers 404 for an unknown sign-in or user, and 400 for a form that does not confirm', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    expect((await browser.open('/admin/sign-ins/0123456789abcdef01234567/confirm-safe')).status).toBe(404);
    expect((await browser.open('/admin/sign-ins/not-an-id/confirm-compromised')).status).toBe(404);
    expect((await browser.open('/admin/users/000000000000000000000000/disable')).status).toBe(404);
    const pia = await User.findOne({ username: 'pia' }).lean();
    const confirm = await browser.open(`/admin/users/${pia?._id.toString() ?? ''}/disable`);
    const csrf = formWithButton(confirm.html, 'confirm').fields.csrf ?? '';
    const refused = await browser.post(`/admin/users/${pia?._id.toString() ?? ''}/disable`, { csrf, action: 'maybe' });
    expect(refused.status).toBe(400);
    expect(refused.html).not.toMatch(/at .*\.ts:\d+/);
    expect((await User.findById(pia?._id).lean())?.disabled).toBe(false);
    expect(await auditOf('user.disable', 'pia')).toHaveLength(0);
  });

  it('refuses, on the admin\'s own account, the actions that would end their own access (409), and allows the others', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const ada = await User.findOne({ username: 'ada' }).lean();
    const adaId = ada?._id.toString() ?? '';
    const pia = await User.findOne({ username: 'pia' }).lean();
    const csrf = formWithButton((await browser.open(`/admin/users/${pia?._id.toString() ?? ''}/disable`)).html, 'confirm').fields.csrf ?? '';
    for (const path of ['disable', 'confirm-compromised', 'reset-mfa']) {
      const page = await browser.open(`/admin/users/${adaId}/${path}`);
      expect(page.status).toBe(409);
      expect(page.html).toContain('You cannot do this to your own account from the console');
      expect((await browser.post(`/admin/users/${adaId}/${path}`, { csrf, action: 'confirm' })).status).toBe(409);
    }
    const own = await SignInEvent.collection.findOne<SignInEventRecord>({ userId: adaId, outcome: 'success' });
    expect((await browser.post(`/admin/sign-ins/${own?._id ?? ''}/confirm-compromised`, { csrf, action: 'confirm' })).status).toBe(409);
    expect((await User.findById(adaId).lean())?.disabled).toBe(false);
    expect((await readProfile(adaId))?.userRiskState ?? 'none').toBe('none');
    expect(await allMethodsOf(adaId)).not.toHaveLength(0);
    expect(await AuditEvent.find({ actor: 'ada', user: 'ada' }).lean()).toHaveLength(0);
    // Still signed in, and an action that leaves access alone is allowed on oneself.
    expect((await browser.open(`/admin/users/${adaId}/require-password-change`)).status).toBe(200);
  });

  it('refuses an action without the CSRF token, and refuses a user outside the admin group', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const quinn = await User.findOne({ username: 'quinn' }).lean();
    const target = `/admin/users/${quinn?._id.toString() ?? ''}/reset-mfa`;
    expect((await browser.post(target, { action: 'confirm' })).status).toBe(403);
    expect((await browser.post(target, { csrf: 'forged', action: 'confirm' })).status).toBe(403);
    expect(await auditOf('mfa.reset', 'quinn')).toHaveLength(0);

    const olga = await createTestUser({ username: 'olga', groups: ['staff'] });
    const { browser: olgas, page } = await adminSignIn(vigil, 'olga', await registerMfa(vigil, olga._id.toString()));
    expect(page.status).toBe(403);
    // Without an admin session the console starts a sign-in instead of showing the action.
    expect((await olgas.open(target.replace('reset-mfa', 'disable'))).html).not.toContain('Disable quinn?');
    expect((await olgas.post(target.replace('reset-mfa', 'disable'), { action: 'confirm' })).html).not.toContain('was disabled');
    expect((await User.findById(quinn?._id).lean())?.disabled).toBe(false);
  });
});
