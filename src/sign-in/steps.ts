/**
 * What a finished step hands to the flow, through oidc-provider's interaction result (kept for
 * the request that resumes the authorization): `advance.ts` applies it to the flow there.
 */
import type { RiskLevel } from '../risk/level.ts';
import type { PasswordDecision } from './flow.ts';

/** The first factor's attempt: its recorded event, client, risk and decision. */
interface FirstFactorStep { signInId?: string; clientId?: string; signInRisk: RiskLevel; userRisk?: RiskLevel; decision?: PasswordDecision }

export type SignInStep =
  | ({ step: 'password' } & FirstFactorStep)
  /** A passwordless passkey: a first factor that is also the sign-in's MFA. */
  | ({ step: 'passkey' } & FirstFactorStep)
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
