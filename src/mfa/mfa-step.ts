/**
 * The MFA step (decision order steps 2-4): user risk, sign-in risk and the app's acr request
 * each owe it. Its details say how strong the MFA must be (and whether only a device-bound key
 * will do: an essential `phrh`): the page offers only methods that meet it.
 */
import { decisionOf } from '../sign-in/request.ts';
import { signInRiskCheck } from '../sign-in/sign-in-risk-check.ts';
import type { InteractionStep } from '../sign-in/interaction-step.ts';
import { userRiskMfaCheck } from '../sign-in/user-risk-check.ts';
import { showMfa, submitMfa } from './mfa-page.ts';
import { METHODS } from './method-registry.ts';
import { mfaRequestedByClientCheck } from './requested-by-client-check.ts';

export const mfaStep: InteractionStep = {
  prompt: 'mfa',
  checks: (deps) => [userRiskMfaCheck(deps), signInRiskCheck(deps), mfaRequestedByClientCheck(deps)],
  details: (deps) => async (ctx) => {
    const decision = await decisionOf(ctx, deps);
    return { strength: decision?.strength ?? 'mfa', ...(decision?.deviceBound ? { deviceBound: true } : {}) };
  },
  show: (services, ctx, loaded) => showMfa(services, ctx, loaded),
  routes: [
    { path: '/mfa', handler: submitMfa },
    // A ceremony's own routes (the passkey's request options), from the registry.
    ...METHODS.flatMap((method) => method.mfaStep?.routes ?? []),
  ],
};
