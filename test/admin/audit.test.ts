import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/app.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { nextStep, registerMfa, secretFromPage, totpNow } from '../support/mfa.ts';
import { Authenticator } from '../../src/mfa/authenticator.ts';
import { AuditEvent } from '../../src/audit/audit-event.ts';
import { policiesYaml } from '../support/policies.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent } from '../support/user-agent.ts';

interface AuditJson {
  id: string;
  at: string;
  actor: string;
  from: string;
  action: string;
  target: { kind: string; id: string };
  user?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

let vigil: TestApp;
const ACTOR = { ADMIN_ACTOR: 'ops-alice' };
const cli = (args: string[], stdin?: string) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir, stdin, env: ACTOR });

async function auditJson(args: string[] = []): Promise<AuditJson[]> {
  const result = await cli(['audit', ...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as AuditJson[];
}

async function ok(args: string[], stdin?: string): Promise<void> {
  const result = await cli(args, stdin);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}

beforeAll(async () => {
  vigil = await startTestApp({ label: 'audit' });
});
afterAll(async () => vigil.close());

describe('audit trail', () => {
  it('records every admin CLI action and policy apply once, with who, from where, and before/after', async () => {
    await ok(['user', 'create', 'tess', '--email', 'tess@example.test'], 'orchid-glacier-tandem-97\n');
    await ok(['user', 'disable', 'tess']);
    await ok(['user', 'enable', 'tess']);
    await ok(['user', 'require-password-change', 'tess']);
    await ok(['user', 'set-password', 'tess'], 'copper-harbour-violin-31\n');
    await ok(['user', 'set-profile', 'tess', '--given-name', 'Tess', '--locality', 'Lyon']);
    await ok(['group', 'add', 'staff', 'tess']);
    await ok(['group', 'add', 'staff', 'tess']); // already a member: nothing changes, nothing recorded
    await ok(['group', 'remove', 'staff', 'tess']);
    await ok(['mfa', 'extend-grace', 'tess', '--days', '5']);
    await ok(['mfa', 'reset', 'tess']);
    await ok(['risk', 'dismiss', 'tess']);
    await ok(['risk', 'confirm-compromised', 'tess']);
    const file = join(vigil.configDir, 'policies.yaml');
    writeFileSync(file, policiesYaml({ mfaRegistration: '{ state: enabled, gracePeriodDays: 3 }' }));
    await ok(['policy', 'apply']);

    // A sign-in to confirm safe.
    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    await createTestUser({ username: 'sam' });
    const browser = new UserAgent(vigil.issuer);
    await browser.submit(await browser.open((await rp.start()).url.toString()), 'login', { username: 'sam', password: DEFAULT_PASSWORD });
    const signIn = await SignInEvent.findOne({ username: 'sam' }).lean();
    await ok(['risk', 'confirm-safe', String(signIn?._id)]);

    const all = await auditJson();
    // The file stored at first boot is a policy apply too, by the system.
    expect(all.filter((event) => event.action === 'policy.apply' && event.actor === 'system:first-boot')).toMatchObject([{ target: { id: '1' }, after: { version: 1 } }]);
    const events = all.filter((event) => event.actor !== 'system:first-boot');
    const actions = events.map((event) => event.action);
    for (const action of ['user.create', 'user.disable', 'user.enable', 'user.require-password-change', 'user.set-password', 'user.set-profile',
      'group.add', 'group.remove', 'mfa.extend-grace', 'mfa.reset', 'risk.dismiss', 'risk.confirm-compromised', 'policy.apply', 'risk.confirm-safe']) {
      expect(actions.filter((a) => a === action), action).toHaveLength(1);
    }
    for (const event of events) {
      expect(event).toMatchObject({ actor: 'ops-alice', from: expect.stringMatching(/^cli@./) });
      expect(new Date(event.at).getTime()).not.toBeNaN();
    }
    const byAction = (action: string): AuditJson | undefined => events.find((event) => event.action === action);
    const tessId = byAction('user.create')?.target.id;
    expect(byAction('user.create')).toMatchObject({ user: 'tess', target: { kind: 'user' }, after: { username: 'tess', email: 'tess@example.test', disabled: false } });
    expect(byAction('user.disable')).toMatchObject({ target: { kind: 'user', id: tessId }, before: { disabled: false }, after: { disabled: true } });
    expect(byAction('user.enable')).toMatchObject({ before: { disabled: true }, after: { disabled: false } });
    expect(byAction('user.require-password-change')).toMatchObject({ before: { mustChangePassword: false }, after: { mustChangePassword: true } });
    expect(byAction('user.set-password')).toMatchObject({ before: { mustChangePassword: true }, after: { mustChangePassword: false } });
    expect(byAction('user.set-profile')).toMatchObject({ before: { given_name: null, 'address/locality': null }, after: { given_name: 'Tess', 'address/locality': 'Lyon' } });
    expect(byAction('group.add')).toMatchObject({ before: { groups: [] }, after: { groups: ['staff'] } });
    expect(byAction('group.remove')).toMatchObject({ before: { groups: ['staff'] }, after: { groups: [] } });
    expect(byAction('mfa.extend-grace')).toMatchObject({ before: { graceExtensionDays: 0 }, after: { graceExtensionDays: 5 } });
    expect(byAction('risk.confirm-compromised')).toMatchObject({ after: { riskLevel: 'high', riskState: 'confirmedCompromised' } });
    expect(byAction('risk.confirm-safe')).toMatchObject({ user: 'sam', target: { kind: 'signIn', id: String(signIn?._id) }, after: { riskState: expect.any(String) } });
    expect(byAction('policy.apply')).toMatchObject({
      target: { kind: 'policy', id: '2' },
      before: { version: 1, values: expect.arrayContaining([{ path: 'mfaRegistration.state', value: 'disabled' }]) },
      after: { version: 2, values: expect.arrayContaining([{ path: 'mfaRegistration.state', value: 'enabled' }]) },
    });
    // Newest first; no password, hash or secret in the trail.
    expect(events.map((event) => event.at)).toEqual([...events.map((event) => event.at)].sort().reverse());
    const text = JSON.stringify(events);
    for (const secret of ['orchid-glacier-tandem-97', 'copper-harbour-violin-31', '$argon2', 'passwordHash']) expect(text).not.toContain(secret);
  }, 240_000); // fifteen CLI processes, each a Node start and a database connection

  it('filters by user and time, and prints a table for people', async () => {
    const tess = await auditJson(['--user', 'tess']);
    expect(tess.length).toBeGreaterThan(0);
    expect(tess.every((event) => event.user === 'tess')).toBe(true);
    expect(await auditJson(['--since', '2000-01-01'])).not.toHaveLength(0);
    const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await auditJson(['--since', future])).toHaveLength(0);
    const table = await cli(['audit', '--since', '7d']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^at\s+actor\s+from\s+action\s+target\s+user\s+changes/);
    expect(table.stdout).toContain('disabled: false -> true');
  });

  it('answers a bad --since with exit 2 and one line', async () => {
    for (const since of ['yesterday', '7w', '2026-13-45']) {
      const result = await cli(['audit', '--since', since]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/--since takes an ISO date/);
    }
    const unknown = await cli(['audit', '--frobnicate']);
    expect(unknown.code).toBe(2);
  });

  it('records a change to security info, by the user, from their address (over HTTP)', async () => {
    const user = await createTestUser({ username: 'uma' });
    const mfa = await registerMfa(vigil, user._id.toString());
    const browser = new UserAgent(vigil.issuer);
    const page = await browser.submit(await browser.open('/security-info'), 'login', { username: 'uma', password: DEFAULT_PASSWORD });
    nextStep(vigil);
    const fresh = await browser.submit(page, 'verify', { code: totpNow(vigil, mfa.secret) });
    const regenerated = await browser.submit(fresh, 'regenerate');
    const wizard = await browser.submit(regenerated, 'register');
    nextStep(vigil);
    const recovery = await browser.submit(wizard, 'verify', { code: totpNow(vigil, secretFromPage(wizard.html)) });
    const replaced = await browser.submit(await browser.submit(recovery, 'confirm'), 'skip');
    expect(replaced.html).toContain('Your new authenticator app is set up.');
    const codes = await Authenticator.findOne({ userId: user._id.toString(), type: 'recovery' }).lean();
    const removeForm = formsOf(replaced.html).find((form) => form.buttons.includes('remove'));
    await browser.post('/security-info/methods', { csrf: removeForm?.fields.csrf ?? '', action: 'remove', method: String(codes?._id), confirmed: 'yes' });
    const password = await browser.open('/security-info/password');
    await browser.submit(password, 'change', { current: DEFAULT_PASSWORD, password: 'saffron-orbit-kettle-88', confirm: 'saffron-orbit-kettle-88' });

    const events = await auditJson(['--user', 'uma']);
    expect(events.map((event) => event.action).sort()).toEqual([
      'security-info.method-removed', 'security-info.method-replaced', 'security-info.password-changed', 'security-info.recovery-codes-regenerated',
    ]);
    expect(events.find((event) => event.action === 'security-info.method-removed')).toMatchObject({ before: { method: 'recovery' }, after: { method: null } });
    expect(events.find((event) => event.action === 'security-info.method-replaced')).toMatchObject({ before: { authenticatorApp: 'registered' }, after: { authenticatorApp: 'replaced' } });
    for (const event of events) expect(event).toMatchObject({ actor: 'uma', from: expect.stringMatching(/127\.0\.0\.1/), target: { kind: 'user', id: user._id.toString() } });
    expect(events.find((event) => event.action === 'security-info.password-changed')).toMatchObject({ after: { reason: 'self', mustChangePassword: false } });
    expect(JSON.stringify(events)).not.toContain('saffron-orbit-kettle-88');
  });

  it('is indexed by time (for listing) and by user', async () => {
    const keys = (await AuditEvent.collection.indexes()).map((index) => JSON.stringify(index.key));
    expect(keys).toEqual(expect.arrayContaining([JSON.stringify({ at: -1 }), JSON.stringify({ user: 1, at: -1 })]));
  });

  it('is append-only: no code path updates or deletes an audit event', () => {
    const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []);
    for (const file of sources(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/AuditEvent(\.collection)?\.(update|delete|replace|findOneAnd|bulkWrite|drop)/);
      if (!file.includes(`${join('src', 'audit')}`)) expect(text, file).not.toContain('audit_events');
    }
  });
});
