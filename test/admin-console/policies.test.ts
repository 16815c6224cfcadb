import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { HOUR } from '../../src/clock.ts';
import { PolicyVersion } from '../../src/policy/policy-version.ts';
import { policiesSchema, type Policies } from '../../src/policy/schema.ts';
import { applyPolicies } from '../../src/policy/store.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { formWithButton } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;
let lenient: Policies;
let strict: Policies;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-policies', env: { ADMIN_MFA_STRENGTH: 'mfa' } });
  const ada = await createTestUser({ username: 'ada', groups: ['vigil-admins'] });
  adaMfa = await registerMfa(vigil, ada._id.toString());
  const example = policiesSchema.parse(parse(readFileSync('config/policies.yaml', 'utf8')));
  lenient = { ...example, signInRisk: { ...example.signInRisk, state: 'enabled', level: 'high' } };
  strict = { ...example, signInRisk: { ...example.signInRisk, state: 'enabled', level: 'low' } };
  await applyPolicies(lenient, { appliedBy: 'cli:ops', source: 'config/policies.yaml', clock: vigil.clock, allowWeaker: true });
  // Recorded sign-ins of the last day: four at medium risk (password right), one wrong password.
  const now = vigil.clock.now().getTime();
  for (let i = 0; i < 5; i += 1) {
    await SignInEvent.collection.insertOne({
      _id: `aaaaaaaaaaaaaaaaaaaaaaa${i}` as never, at: new Date(now - (i + 1) * HOUR), username: `user${i}`, outcome: i === 4 ? 'failedPassword' : 'success',
      passwordOk: i !== 4, riskLevel: 'medium', userRiskLevel: 'none', detections: [{ type: 'unfamiliarFeatures', level: 'medium', reason: 'seeded' }], riskState: 'atRisk', expiresAt: new Date(now + 30 * 24 * HOUR),
    });
  }
});
afterAll(async () => {
  await vigil.close();
});

describe('admin console policies page', () => {
  it('shows the active version and the history with field-by-field changes', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const page = await browser.open('/admin/policies');
    expect(page.status).toBe(200);
    const latest = await PolicyVersion.findOne({}).sort({ version: -1 }).lean();
    expect(page.html).toContain(`<strong id="active-version">${latest?.version ?? 0}</strong>`);
    expect(page.html).toContain('applied by cli:ops');
    expect(page.html).toMatch(/<th scope="row"><code>signInRisk\.level<\/code><\/th><td><code class="wrap">&quot;\w+&quot;<\/code><\/td><td><code class="wrap">&quot;high&quot;<\/code><\/td>/);
    expect(page.html).not.toContain('id="backtest-result"');
  });

  it('backtests a pasted candidate on the recorded sign-ins without storing it', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const versions = await PolicyVersion.countDocuments();
    const page = await browser.open('/admin/policies');
    const result = await browser.submit(page, 'backtest', { policies: stringify(strict) });
    expect(result.status).toBe(200);
    // Medium risk is under the active level (high) and over the candidate's (low): four challenged.
    // The admin's own sign-ins (no risk) are recorded too, and stay allowed either way.
    expect(result.html).toMatch(/<strong id="backtest-changed">4<\/strong> of \d+ sign-ins/);
    expect(result.html).toContain('<tr><th scope="row">Challenged: MFA</th><td>0</td><td>4</td></tr>');
    expect(result.html).toContain('<tr><th scope="row">Blocked</th><td>1</td><td>1</td></tr>');
    expect(result.html).toContain('<title id="candidate-chart-title">The candidate file would have allowed, challenged or blocked</title>');
    expect(result.html).toContain('<code>signInRisk.level</code>: <code>&quot;high&quot;</code> → <code>&quot;low&quot;</code>');
    expect(await PolicyVersion.countDocuments()).toBe(versions);
  });

  it('answers a file policy apply would refuse with 400 and its error, keeping what was pasted', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const page = await browser.open('/admin/policies');
    const badLevel = stringify({ ...strict, signInRisk: { ...strict.signInRisk, level: 'extreme' } });
    const refused = await browser.submit(page, 'backtest', { policies: badLevel });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/id="policies-error">.*the candidate policies at signInRisk\.level: /);
    expect(refused.html).toContain('extreme');
    const missing = await browser.submit(page, 'backtest', { policies: 'signInRisk:\n  state: enabled\n' });
    expect(missing.status).toBe(400);
    expect(missing.html).toContain('missing mfaRegistration');
    const broken = await browser.submit(page, 'backtest', { policies: 'a: [unclosed' });
    expect(broken.status).toBe(400);
    expect(broken.html).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a backtest without the CSRF token', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const page = await browser.open('/admin/policies');
    expect(formWithButton(page.html, 'backtest').fields.csrf).toBeTruthy();
    expect((await browser.post('/admin/policies/backtest', { policies: stringify(strict), action: 'backtest' })).status).toBe(403);
  });
});
