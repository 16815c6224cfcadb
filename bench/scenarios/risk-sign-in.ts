/**
 * Sign-ins with the risk policies on: the shipped config/policies.yaml (sign-in risk ≥ medium
 * steps up to MFA, user risk ≥ high requires MFA and a password change, MFA registration
 * required) applied with the admin CLI, and put back to all-off afterwards. People sign in from
 * their usual address and browser, so most sign-ins are not risky; the ones the engine finds
 * risky step up with the person's TOTP app, and the report says how many did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD_AND_TOTP } from '../flow/page-steps.ts';
import { applyPolicies } from '../support/bench-policies.ts';
import { POLICIES_ALL_OFF, REPO_ROOT } from '../support/config-dir.ts';
import { nonHashingLine } from './password-sign-in.ts';
import type { Scenario } from './scenario.ts';
import { runSignIns, signInLine } from './sign-in-run.ts';

export const riskSignIn: Scenario = {
  id: 'risk-sign-in',
  title: 'Sign-in with risk evaluation on',
  async run(context) {
    const { budget } = context.options;
    await applyPolicies(context.admin, readFileSync(join(REPO_ROOT, 'config', 'policies.yaml'), 'utf8'));
    try {
      const run = await runSignIns(context, { steps: PASSWORD_AND_TOTP });
      return [
        signInLine(context, run, {
          id: 'riskSignIn.perSecond',
          scenario: 'Sign-in + risk',
          label: `full sign-ins under the shipped risk and MFA policies, ${budget.signInConcurrency} at a time`,
          note: `${run.steps.totp ?? 0} stepped up to MFA`,
        }),
        ...nonHashingLine(context, run.load.perSecond, { id: 'riskSignIn.nonHashingShare', scenario: 'Sign-in + risk', withGoal: false }),
      ];
    } finally {
      await applyPolicies(context.admin, POLICIES_ALL_OFF);
    }
  },
};
