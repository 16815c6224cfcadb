/**
 * Policies fail closed (issue 11, finding 1): a policies.yaml that is empty, comment-only or leaves
 * a policy (or its on/off switch) out is refused by `policy apply` and by a first boot, never read
 * as "everything off"; a change that weakens protection is named in the diff and needs
 * --allow-weaker. Through the real admin CLI and the real boot (`node src/main.ts`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { PolicyVersion } from '../../src/policy/policy-version.ts';
import { latestPolicyVersion } from '../../src/policy/store.ts';
import { ActivePolicies } from '../../src/policy/active-policies.ts';
import { startTestApp, TEST_CLIENTS_YAML, type TestApp } from '../support/app.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { testDatabaseUri } from '../support/database.ts';
import { policiesYaml } from '../support/policies.ts';

const SHIPPED = readFileSync(join(ROOT, 'config', 'policies.yaml'), 'utf8');
const ALL = ['mfaRegistration', 'signInRisk', 'userRisk', 'sspr'] as const;

let vigil: TestApp;
const cli = (args: string[]) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir });

function writePolicies(name: string, yaml: string): string {
  const file = join(vigil.configDir, name);
  writeFileSync(file, yaml);
  return file;
}

/** The shipped file with one top-level section cut out. */
function shippedWithout(section: string): string {
  return SHIPPED.replace(new RegExp(`^${section}:\\n(?:[ #].*\\n|\\n)*`, 'm'), '');
}

function expectOneLineRefusal(result: CliResult, reason: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(reason);
}

beforeAll(async () => {
  vigil = await startTestApp({ label: 'failclosed', policiesYaml: SHIPPED });
});
afterAll(async () => vigil.close());

describe('policy apply refuses an incomplete file (exit 2, one line naming what is missing)', () => {
  it('an empty file, a comment-only file and a file of nulls', async () => {
    const files = [writePolicies('empty.yaml', ''), writePolicies('comments.yaml', '# all protections off?\n\n# no.\n'), writePolicies('nulls.yaml', `${ALL.join(':\n')}:\n`)];
    const results = await Promise.all(files.map((file) => cli(['policy', 'apply', '--file', file])));
    for (const [i, result] of results.entries()) {
      expectOneLineRefusal(result, /no policy is defined: the file must define all of mfaRegistration, signInRisk, userRisk, sspr/);
      expect(result.stderr).toContain(files[i]);
    }
  });

  it('each policy left out, in apply and in its dry run', async () => {
    const results = await Promise.all(ALL.map((section) => cli(['policy', 'apply', '--dry-run', '--file', writePolicies(`without-${section}.yaml`, shippedWithout(section))])));
    for (const [i, result] of results.entries()) expectOneLineRefusal(result, new RegExp(`missing ${ALL[i]}: `));
    expectOneLineRefusal(await cli(['policy', 'apply', '--file', writePolicies('two-missing.yaml', shippedWithout('userRisk').replace(/^mfaRegistration:[^]*?(?=^signInRisk:)/m, ''))]),
      /missing mfaRegistration, userRisk: /);
  });

  it('a policy without its switch (state, or enabledFor for sspr) is refused, never read as off', async () => {
    const cases = [
      ['mfaRegistration', '{ include: { users: all }, gracePeriodDays: 14 }', /at mfaRegistration\.state: missing: write enabled, disabled or reportOnly/],
      ['signInRisk', '{ level: medium }', /at signInRisk\.state: missing/],
      ['userRisk', '{}', /at userRisk\.state: missing/],
      ['sspr', '{ methodsRequired: 1, methods: [email, totp] }', /at sspr\.enabledFor: missing: write none, all or \{ groups: \[\.\.\.\] \}/],
    ] as const;
    const results = await Promise.all(cases.map(([section, yaml]) => cli(['policy', 'apply', '--file', writePolicies(`no-switch-${section}.yaml`, policiesYaml({ [section]: yaml }))])));
    for (const [i, result] of results.entries()) expectOneLineRefusal(result, cases[i]?.[2] ?? /never/);
  });

  it('left the stored version alone through all of it', async () => {
    expect((await latestPolicyVersion())?.version).toBe(1);
    expect(vigil.app.services.policies.current.signInRisk.state).toBe('enabled');
  });
});

describe('a change that weakens protection', () => {
  const weaker = () => writePolicies('weaker.yaml', SHIPPED
    .replace('  state: enabled            # enabled | disabled | reportOnly', '  state: reportOnly')
    .replace('level: medium             # low | medium | high', 'level: high')
    .replace('exclude: { groups: [] }', 'exclude: { groups: [contractors] }'));
  const WEAKENED = ['mfaRegistration.state', 'signInRisk.exclude.groups', 'signInRisk.level'];

  it('is refused without --allow-weaker, in one line naming the fields', async () => {
    const refused = await cli(['policy', 'apply', '--file', weaker()]);
    expectOneLineRefusal(refused, new RegExp(`refused: this change weakens protection at ${WEAKENED.join(', ')}; .*--allow-weaker`));
    expect((await latestPolicyVersion())?.version).toBe(1);
  });

  it('is named as weakening in the dry run, for people and as JSON', async () => {
    const human = await cli(['policy', 'apply', '--dry-run', '--file', weaker()]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('mfaRegistration.state: "enabled" -> "reportOnly"   (weakens protection)');
    expect(human.stdout).toContain('signInRisk.level: "medium" -> "high"   (weakens protection)');
    expect(human.stdout).toContain(`applying it needs --allow-weaker: it weakens protection at ${WEAKENED.join(', ')}`);
    const json = JSON.parse((await cli(['policy', 'apply', '--dry-run', '--json', '--file', weaker()])).stdout) as { status: string; weakens: string[]; changes: Array<{ path: string; weakens?: boolean }> };
    expect(json).toMatchObject({ status: 'dry-run', version: 2, weakens: WEAKENED });
    expect(json.changes.filter((change) => change.weakens).map((change) => change.path)).toEqual(WEAKENED);
    expect((await latestPolicyVersion())?.version).toBe(1);
  });

  it('is applied with --allow-weaker, and the audit trail says which changes weakened', async () => {
    const applied = JSON.parse((await cli(['policy', 'apply', '--allow-weaker', '--json', '--file', weaker()])).stdout) as { status: string; weakens: string[] };
    expect(applied).toMatchObject({ status: 'applied', version: 2, weakens: WEAKENED });
    const stored = await latestPolicyVersion();
    expect(stored?.changes.filter((change) => change.weakens).map((change) => change.path)).toEqual(WEAKENED);
    expect((await cli(['policy', 'history'])).stdout).toContain('mfaRegistration.state(weaker)');
  });

  it('while putting protection back needs no flag', async () => {
    const restored = await cli(['policy', 'apply', '--json', '--file', writePolicies('restored.yaml', SHIPPED)]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ status: 'applied', version: 3, weakens: [] });
  });
});

/** `node src/main.ts` on a fresh database with the given policies.yaml; resolves with its exit. */
function boot(policies: string): Promise<{ code: number | null; stderr: string }> {
  const configDir = mkdtempSync(join(tmpdir(), 'vigil-boot-'));
  writeFileSync(join(configDir, 'policies.yaml'), policies);
  writeFileSync(join(configDir, 'clients.yaml'), TEST_CLIENTS_YAML);
  const child = spawn(process.execPath, [join(ROOT, 'src', 'main.ts')], {
    env: { ...process.env, MONGODB_URI: testDatabaseUri('boot'), CONFIG_DIR: configDir, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  // A boot that wrongly succeeds prints its banner: stop it, and the test fails on the code.
  child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Vigil is running')) child.kill(); });
  return new Promise((done) => child.once('exit', (code) => {
    rmSync(configDir, { recursive: true, force: true });
    done({ code, stderr });
  }));
}

describe('at boot', () => {
  it('a first boot with an empty or incomplete policies.yaml refuses to start, naming the file and what is missing', async () => {
    const [empty, noState] = await Promise.all([boot('# nothing\n'), boot(policiesYaml({ userRisk: '{ level: high }' }))]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^vigil: configuration error: \S+policies\.yaml: no policy is defined: the file must define all of mfaRegistration, signInRisk, userRisk, sspr/);
    expect(noState.code).toBe(2);
    expect(noState.stderr).toMatch(/policies\.yaml at userRisk\.state: missing/);
  });

  it('with a stored version, a bad file on disk is logged as an error and the stored policies keep running', async () => {
    const file = writePolicies('policies.yaml', '');
    const lines: string[] = [];
    const policies = new ActivePolicies(pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } }));
    await policies.initialise(file, vigil.clock);
    expect(policies.version).toBe(3);
    expect(policies.current.mfaRegistration.state).toBe('enabled');
    expect(lines.find((line) => line.includes('policies.yaml is invalid'))).toMatch(/"level":50.*no policy is defined/);
  });

  it('a newest stored version that does not validate stops the boot, and a complete file applied replaces it', async () => {
    await PolicyVersion.create({ version: 4, policies: { signInRisk: { state: 'enabled' } }, appliedBy: 'test', appliedAt: vigil.clock.now(), source: 'test', changes: [] });
    await expect(new ActivePolicies(silentLogger).initialise(writePolicies('policies.yaml', SHIPPED), vigil.clock)).rejects.toThrow(/does not validate/);
    const replaced = await cli(['policy', 'apply', '--json', '--file', writePolicies('replacement.yaml', SHIPPED)]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ status: 'applied', version: 5 });
    const policies = new ActivePolicies(silentLogger);
    await policies.initialise(join(vigil.configDir, 'policies.yaml'), vigil.clock);
    expect(policies.version).toBe(5);
  });
});
