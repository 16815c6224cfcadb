/**
 * The login step owns its check: the disabled account check is the login step's extra check on
 * oidc-provider's login prompt, which the interaction policy takes from the registry. A session
 * whose account has since been disabled must sign in again (prompt=none: login_required).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInteractionPolicy } from '../../src/oidc/interaction-policy.ts';
import { vigilPrompts } from '../../src/oidc/prompts.ts';
import type { CheckDeps } from '../../src/sign-in/check-deps.ts';
import type { InteractionStep } from '../../src/sign-in/interaction-step.ts';
import { loginStep } from '../../src/sign-in/login-step.ts';
import { INTERACTION_STEPS } from '../../src/sign-in/steps-registry.ts';
import { User } from '../../src/users/user.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const deps = { clock: { now: () => new Date() }, policies: {}, userRiskLevel: async () => 'none', reportOnly: () => undefined } as unknown as CheckDeps;

function loginChecks(steps: readonly InteractionStep[]): string[] {
  const login = buildInteractionPolicy(deps, vigilPrompts(deps, steps), steps).get('login');
  return [...login?.checks ?? []].map((check) => check.reason);
}

describe("the login step's extra check", () => {
  it("is on oidc-provider's login prompt after the prompt=login check, before the session's, taken from the registry", () => {
    const checks = loginChecks(INTERACTION_STEPS);
    expect(checks.slice(0, 3)).toEqual(['login_prompt', 'account_disabled', 'no_session']);
    expect(checks.filter((reason) => reason === 'account_disabled')).toHaveLength(1);
  });

  it('is not there when the login step does not declare it', () => {
    const bare: InteractionStep = { ...loginStep, extraChecks: undefined };
    expect(loginChecks(INTERACTION_STEPS.map((step) => (step === loginStep ? bare : step)))).not.toContain('account_disabled');
  });

  it("refuses extra checks for a prompt that is not oidc-provider's", () => {
    const stray: InteractionStep = { prompt: 'no_such_prompt', extraChecks: loginStep.extraChecks, show: () => undefined, routes: [] };
    expect(() => buildInteractionPolicy(deps, [], [...INTERACTION_STEPS, stray])).toThrow(/no_such_prompt/);
  });
});

describe('a session whose account has since been disabled', () => {
  let vigil: TestApp;
  let rp: RelyingParty;

  beforeAll(async () => {
    vigil = await startTestApp({ label: 'login-step' });
    rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  });
  afterAll(async () => vigil.close());

  it('must sign in again: prompt=none gets login_required, a new request the login page', async () => {
    const user = await createTestUser({ username: 'dana' });
    const browser = new UserAgent(vigil.issuer);
    const first = await rp.start();
    const signedIn = await browser.submit(await browser.open(first.url.toString()), 'login', { username: 'dana', password: DEFAULT_PASSWORD });
    expect(signedIn.url).toMatch(/^http:\/\/rp\.test\/callback\?code=/);

    const stillIn = await browser.open((await rp.start({ prompt: 'none' })).url.toString());
    expect(stillIn.url).toMatch(/^http:\/\/rp\.test\/callback\?code=/);

    await User.updateOne({ _id: user._id }, { $set: { disabled: true } });
    const silent = await browser.open((await rp.start({ prompt: 'none' })).url.toString());
    expect(new URL(silent.url).searchParams.get('error')).toBe('login_required');
    const again = await browser.open((await rp.start()).url.toString());
    expect(again.url).toMatch(/\/interaction\/[^/]+$/);
    expect(again.html).toContain('name="password"');
  });
});
