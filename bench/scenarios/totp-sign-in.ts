/**
 * Sign-ins with a TOTP step: the app asks for MFA (`acr_values` = the MFA policy URI), so after
 * the password every person answers the one-time-code page with their authenticator app's
 * current code (authorize → login → MFA → code → token).
 */
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { PASSWORD_AND_TOTP } from '../flow/page-steps.ts';
import { nonHashingLine } from './password-sign-in.ts';
import type { Scenario } from './scenario.ts';
import { runSignIns, signInLine } from './sign-in-run.ts';

export const totpSignIn: Scenario = {
  id: 'totp-sign-in',
  title: 'Sign-in with a TOTP step',
  async run(context) {
    const { budget } = context.options;
    const run = await runSignIns(context, { steps: PASSWORD_AND_TOTP, authorizationParams: { acr_values: MFA_ACR } });
    return [
      signInLine(context, run, {
        id: 'totpSignIn.perSecond',
        scenario: 'Sign-in + TOTP',
        label: `full sign-ins with a TOTP step (authorize → login → MFA → code → token), ${budget.signInConcurrency} at a time`,
        note: `${run.steps.totp ?? 0} TOTP codes entered`,
      }),
      ...nonHashingLine(context, run.load.perSecond, { id: 'totpSignIn.nonHashingShare', scenario: 'Sign-in + TOTP', withGoal: false }),
    ];
  },
};
