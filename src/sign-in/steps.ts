/**
 * What a finished step hands to the flow, through oidc-provider's interaction result (kept for
 * the request that resumes the authorization): `advance.ts` applies it to the flow there.
 */
import type { RiskLevel } from '../risk/level.ts';
import type { PasswordDecision } from './flow.ts';

export type SignInStep =
  | { step: 'password'; signInId?: string; clientId?: string; signInRisk: RiskLevel; userRisk?: RiskLevel; decision?: PasswordDecision }
  | { step: 'mfa'; at: string }
  | { step: 'registration_skipped'; at: string }
  | { step: 'password_changed'; at: string };

/** The result a page passes to `finishStep`: the provider's login (when it changes) and the step. */
export function stepResult(step: SignInStep, login?: { accountId: string; acr: string; amr: string[] }): Record<string, unknown> {
  return login ? { login: { ...login, remember: true }, vigil: step } : { vigil: step };
}

export function stepOf(result: unknown): SignInStep | undefined {
  return (result as { vigil?: SignInStep } | undefined)?.vigil;
}
