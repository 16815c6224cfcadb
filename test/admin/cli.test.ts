import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { policiesYaml } from '../support/policies.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

let vigil: TestApp;
const cli = (args: string[], stdin?: string) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir, stdin });

beforeAll(async () => {
  vigil = await startTestApp({ label: 'cli' });
});
afterAll(async () => vigil.close());

describe('admin CLI', () => {
  it('creates a user from a password on stdin who can then sign in', async () => {
    const created = await cli(['user', 'create', 'erin', '--email', 'erin@example.test', '--groups', 'staff,finance', '--json'], 'orchid-glacier-tandem-97\n');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'erin', email: 'erin@example.test', groups: ['staff', 'finance'] });

    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    // Scope claims are released at userinfo; an app that wants the groups in the ID token names them.
    const started = await rp.start({ scope: 'openid profile groups', claims: JSON.stringify({ id_token: { groups: null } }) });
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.open(started.url.toString());
    const done = await browser.submit(login, 'login', { username: 'erin', password: 'orchid-glacier-tandem-97' });
    expect((await rp.finish(done.url, started)).claims()?.groups).toEqual(['staff', 'finance']);
  });

  it('lists and shows users as JSON', async () => {
    const list = await cli(['user', 'list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ username: string }>).map((u) => u.username)).toContain('erin');
    const show = await cli(['user', 'show', 'erin', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ username: 'erin', disabled: false });
  });

  it('refuses a weak or common password with exit 2 and one line', async () => {
    const weak = await cli(['user', 'create', 'frank'], 'password\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr.trim().split('\n')).toHaveLength(1);
    expect(weak.stderr).toMatch(/password refused/);
    const built = await cli(['user', 'create', 'frank'], 'frank-frank-frank-2024\n');
    expect(built.code).toBe(2);
  });

  it('answers bad input with exit 2 and a one-line reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['user', 'create', 'Bad Name!'], /username must be/],
      [['user', 'show', 'nobody'], /no user named "nobody"/],
      [['user', 'create', 'gina', '--email', 'not-an-email'], /not an e-mail address/],
      [['user', 'list', '--frobnicate'], /unknown option --frobnicate/],
      [['user', 'teleport'], /unknown command "user teleport"/],
      [['group', 'add', 'staff'], /missing username/],
      [['policy', 'show', '--version', 'x'], /--version must be a number/],
      [['user', 'create', 'erin'], /already exists/],
    ];
    for (const [args, reason] of cases) {
      const result = await cli(args, 'orchid-glacier-tandem-97\n');
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(reason);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('disables and enables a user; a disabled user cannot sign in', async () => {
    expect((await cli(['user', 'disable', 'erin'])).code).toBe(0);
    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.open((await rp.start()).url.toString());
    const refused = await browser.submit(login, 'login', { username: 'erin', password: 'orchid-glacier-tandem-97' });
    expect(refused.status).toBe(403);
    expect((await cli(['user', 'enable', 'erin'])).code).toBe(0);
  });

  it('adds and removes group members', async () => {
    const added = await cli(['group', 'add', 'auditors', 'erin', '--json']);
    expect(JSON.parse(added.stdout)).toEqual({ group: 'auditors', username: 'erin', member: true });
    const groups = await cli(['group', 'list', '--json']);
    expect(JSON.parse(groups.stdout)).toEqual(expect.arrayContaining([{ name: 'auditors', members: 1 }]));
    expect((await cli(['group', 'remove', 'auditors', 'erin'])).code).toBe(0);
    expect((await cli(['group', 'remove', 'auditors', 'erin'])).code).toBe(2);
  });

  it('applies policies with a dry run first, and refuses a bad file naming file, path and reason', async () => {
    const file = join(vigil.configDir, 'policies.yaml');
    writeFileSync(file, policiesYaml({ mfaRegistration: '{ state: enabled, gracePeriodDays: 3 }' }));
    const dry = await cli(['policy', 'apply', '--dry-run', '--json']);
    expect(JSON.parse(dry.stdout)).toMatchObject({ status: 'dry-run', version: 2 });
    expect((JSON.parse((await cli(['policy', 'show', '--json'])).stdout) as { version: number }).version).toBe(1);
    const applied = await cli(['policy', 'apply', '--json']);
    expect(JSON.parse(applied.stdout)).toMatchObject({ status: 'applied', version: 2 });
    const shown = JSON.parse((await cli(['policy', 'show', '--json'])).stdout) as { version: number; appliedBy: string; policies: { mfaRegistration: { gracePeriodDays: number } } };
    expect(shown.version).toBe(2);
    expect(shown.appliedBy).toMatch(/^cli:/);
    expect(shown.policies.mfaRegistration.gracePeriodDays).toBe(3);

    writeFileSync(file, policiesYaml({ mfaRegistration: '\n  state: enabled\n  gracePeriodDays: lots' }));
    const bad = await cli(['policy', 'apply']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(file);
    expect(bad.stderr).toContain('mfaRegistration.gracePeriodDays');
    expect((JSON.parse((await cli(['policy', 'show', '--json'])).stdout) as { version: number }).version).toBe(2);
  });
});
