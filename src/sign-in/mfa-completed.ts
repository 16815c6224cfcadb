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

/**
 * The `amr` after the MFA: the callers say `pwd` and the method's values, right after a password.
 * After a passwordless passkey (stepped up for an essential `phrh`) no password was typed: the
 * session keeps its first key's values, and the method's are added, without `pwd`.
 */
function amrAfterFirstStep(sessionAmr: readonly string[] | undefined, amr: string[]): string[] {
  if (!sessionAmr?.length || sessionAmr.includes('pwd')) return amr;
  return [...new Set([...sessionAmr, ...amr.filter((value) => value !== 'pwd')])];
}

export async function mfaCompleted(deps: MfaCompletedDeps, ctx: Context, interaction: Interaction, accountId: string, signInId: string | undefined, methodAmr: string[]): Promise<void> {
  if (signInId) await deps.risk.remediateSignIn(signInId);
  const step = { step: 'mfa' as const, at: deps.clock.now().toISOString() };
  const amr = amrAfterFirstStep(interaction.session?.amr, methodAmr);
  await finishStep(ctx, interaction, stepResult(step, { accountId, acr: acrFor(amr), amr }));
}
