/**
 * Scenarios planned in issue 7 whose features are still being built. Each stays in the report as
 * "pending" until it is replaced by a real scenario file: TOTP and risk sign-ins reuse
 * `runSignIns` (password-sign-in.ts) with a one-time-code page step and their own policies.
 */
import { pending } from './measurement.ts';
import type { Scenario } from './scenario.ts';

export const totpSignIn: Scenario = {
  id: 'totp-sign-in',
  title: 'Sign-in with a TOTP step',
  async run() {
    return [pending('totpSignIn.perSecond', 'Sign-in + TOTP', 'full sign-ins with a TOTP step', 'pending: MFA is being built (add a one-time-code page step and a user with a TOTP authenticator)')];
  },
};

export const riskSignIn: Scenario = {
  id: 'risk-sign-in',
  title: 'Sign-in with risk evaluation on',
  async run() {
    return [pending('riskSignIn.perSecond', 'Sign-in + risk', 'full sign-ins with risk evaluation on', 'pending: the risk engine is being built (same flow, signInRisk/userRisk policies enabled)')];
  },
};

export const riskEvaluationCost: Scenario = {
  id: 'risk-evaluation-cost',
  title: 'Risk evaluation cost at scale',
  async run() {
    return [
      pending('riskEvaluation.user100k', 'Risk evaluation', 'one evaluation, user with 100,000 past sign-in events', 'pending: the risk engine is being built'),
      pending('riskEvaluation.system1m', 'Risk evaluation', 'one evaluation, 1,000,000 sign-in events in the system', 'pending: the risk engine is being built'),
    ];
  },
};
