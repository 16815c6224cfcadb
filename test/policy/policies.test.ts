import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { parseYamlText } from '../../src/config/yaml-file.ts';
import { appliesTo } from '../../src/policy/applies-to.ts';
import { policiesSchema, userRiskSchema } from '../../src/policy/schema.ts';
import { applyPolicies, latestPolicyVersion, loadPoliciesFile } from '../../src/policy/store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { policiesYaml } from '../support/policies.ts';

function parse(yaml: string) {
  return parseYamlText(yaml, policiesSchema, 'policies.yaml');
}

function errorOf(yaml: string): ConfigError {
  try {
    parse(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('policies.yaml validation', () => {
  it('accepts the README example (policies.yaml) and fills defaults', () => {
    const policies = parse(`
mfaRegistration:
  state: enabled
  include: { users: all }
  exclude: { users: [breakglass], groups: [] }
  gracePeriodDays: 14
signInRisk: { state: enabled, include: { users: all }, exclude: { groups: [] }, level: medium }
userRisk: { state: enabled, include: { users: all }, level: high }
sspr: { enabledFor: all, methodsRequired: 1, methods: [email, totp] }
`);
    expect(policies.mfaRegistration.exclude.users).toEqual(['breakglass']);
    expect(policies.userRisk.exclude).toEqual({ users: [], groups: [] });
    expect(policies.sspr.enabledFor).toBe('all');
  });

  it('names the file, the path and the reason', () => {
    const bad = errorOf(policiesYaml({ mfaRegistration: '\n  state: on' }));
    expect(bad.source).toBe('policies.yaml');
    expect(bad.path).toBe('mfaRegistration.state');
    expect(bad.reason).toMatch(/enabled.*disabled.*reportOnly/);
    expect(errorOf(policiesYaml({ signInRisk: '{ state: enabled, level: extreme }' })).path).toBe('signInRisk.level');
    expect(errorOf(policiesYaml({ mfaRegistration: '{ state: enabled, gracePeriodDays: -1 }' })).path).toBe('mfaRegistration.gracePeriodDays');
    expect(errorOf(policiesYaml({ mfaRegistration: '{ state: enabled, include: { users: [alice], groupz: [x] } }' })).path).toBe('mfaRegistration.include');
    expect(errorOf(policiesYaml({ sspr: '{ enabledFor: all, methodsRequired: 3 }' })).path).toBe('sspr.methodsRequired');
    const nobody = errorOf(policiesYaml({ userRisk: '{ state: enabled, include: { groups: [] } }' }));
    expect([nobody.path, nobody.reason]).toEqual(['userRisk.include', expect.stringMatching(/^includes nobody/)]);
    expect(errorOf(policiesYaml({ signInRisk: '{ state: enabled, exclude: { users: ["ok", "a\\rb"] } }' })).path).toBe('signInRisk.exclude.users[1]');
    expect(errorOf(policiesYaml({ sspr: '{ enabledFor: all, methodsRequired: 2, methods: [email] }' })).reason).toMatch(/cannot exceed/);
    expect(errorOf('userRisk: [').path).toMatch(/^line \d+$/);
    expect(errorOf(`${policiesYaml({})}typo: {}\n`).reason).toMatch(/typo|Unrecognized/i);
  });
});

describe('appliesTo', () => {
  const staff = { username: 'alice', groups: ['staff'] };
  const contractor = { username: 'bob', groups: ['contractors'] };
  const scope = (include: object, exclude: object = {}) => userRiskSchema.parse({ state: 'enabled', include, exclude });

  it('includes all, by name, or by group', () => {
    expect(appliesTo(scope({ users: 'all' }), contractor)).toBe(true);
    expect(appliesTo(scope({ users: ['Alice'] }), staff)).toBe(true);
    expect(appliesTo(scope({ users: ['alice'] }), contractor)).toBe(false);
    expect(appliesTo(scope({ groups: ['staff'] }), staff)).toBe(true);
    expect(appliesTo(scope({ groups: ['staff'] }), contractor)).toBe(false);
  });

  it('lets exclusion win over inclusion', () => {
    expect(appliesTo(scope({ users: 'all' }, { users: ['alice'] }), staff)).toBe(false);
    expect(appliesTo(scope({ groups: ['staff'] }, { groups: ['staff'] }), staff)).toBe(false);
    expect(appliesTo(scope({ users: 'all' }, { groups: ['staff'] }), contractor)).toBe(true);
  });
});

describe('policy versions in the database and hot reload', () => {
  let vigil: TestApp;
  beforeAll(async () => {
    vigil = await startTestApp({ label: 'policies' });
  });
  afterAll(async () => vigil.close());

  it('stored the shipped file as version 1 at first boot', async () => {
    const latest = await latestPolicyVersion();
    expect(latest?.version).toBe(1);
    expect(latest?.appliedBy).toBe('system:first-boot');
  });

  it('applies a new version with who, when and what changed, and running instances pick it up', async () => {
    const file = join(vigil.configDir, 'policies.yaml');
    writeFileSync(file, policiesYaml({ mfaRegistration: '{ state: reportOnly, gracePeriodDays: 7 }' }));
    const result = await applyPolicies(loadPoliciesFile(file), { appliedBy: 'cli:test', source: file, clock: vigil.clock });
    expect(result).toMatchObject({ status: 'APPLIED', version: 2 });
    if (result.status !== 'APPLIED') throw new Error('not applied');
    expect(result.changes).toEqual(expect.arrayContaining([
      { path: 'mfaRegistration.state', from: 'disabled', to: 'reportOnly' },
      { path: 'mfaRegistration.gracePeriodDays', from: 14, to: 7 },
    ]));
    const stored = await latestPolicyVersion();
    expect(stored).toMatchObject({ version: 2, appliedBy: 'cli:test', source: file });
    await vi.waitFor(() => expect(vigil.app.services.policies.version).toBe(2), { timeout: 5000, interval: 50 });
    expect(vigil.app.services.policies.current.mfaRegistration.state).toBe('reportOnly');
  });

  it('applying the same file again creates no version', async () => {
    const file = join(vigil.configDir, 'policies.yaml');
    const result = await applyPolicies(loadPoliciesFile(file), { appliedBy: 'cli:test', source: file, clock: vigil.clock });
    expect(result).toEqual({ status: 'UNCHANGED', version: 2 });
  });

  it('two admins applying at once both get their own version number', async () => {
    const base = loadPoliciesFile(join(vigil.configDir, 'policies.yaml'));
    const a = { ...base, signInRisk: { ...base.signInRisk, level: 'high' as const } };
    const b = { ...base, signInRisk: { ...base.signInRisk, level: 'low' as const } };
    const results = await Promise.all([
      applyPolicies(a, { appliedBy: 'cli:a', source: 'a', clock: vigil.clock }),
      applyPolicies(b, { appliedBy: 'cli:b', source: 'b', clock: vigil.clock }),
    ]);
    const versions = results.map((r) => r.version).sort();
    expect(new Set(versions).size).toBe(2);
  });

  it('a bad file is refused and the running policy stays', () => {
    const file = join(vigil.configDir, 'policies.yaml');
    writeFileSync(file, policiesYaml({ userRisk: '{ state: enabled, level: catastrophic }' }));
    expect(() => loadPoliciesFile(file)).toThrow(/userRisk\.level/);
    expect(vigil.app.services.policies.current.mfaRegistration.state).toBe('reportOnly');
  });
});
