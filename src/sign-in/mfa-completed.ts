/**
 * The end of a sign-in's MFA, wherever it was proved (the MFA page, or finishing the registration
 * wizard, which proves possession of the new app): the sign-in's risk is remediated and the
 * session is upgraded to the MFA acr and the `amr` of the method that proved it (the password's
 * `pwd`, then the method's values: src/mfa/method-registry.ts).
 */
import type { Context } from 'koa';
import type { Interaction } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { finishStep } from './interaction.ts';
import { acrFor } from '../oidc/acr.ts';
import { stepResult } from './steps.ts';

export interface MfaCompletedDeps {
  clock: Clock;
  risk: { remediateSignIn(signInId: string): Promise<unknown> };
}

export async function mfaCompleted(deps: MfaCompletedDeps, ctx: Context, interaction: Interaction, accountId: string, signInId: string | undefined, amr: string[]): Promise<void> {
  if (signInId) await deps.risk.remediateSignIn(signInId);
  const step = { step: 'mfa' as const, at: deps.clock.now().toISOString() };
  await finishStep(ctx, interaction, stepResult(step, { accountId, acr: acrFor(amr), amr }));
}
