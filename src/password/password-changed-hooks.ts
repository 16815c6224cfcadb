/**
 * What runs after every password change (Services.passwordChangedHooks): a change that followed
 * MFA is the "secure password change" that remediates the user's risk (README.md, "How a sign-in
 * is decided", step 2).
 */
import type { RiskEngine } from '../risk/engine.ts';
import type { PasswordChangedEvent } from './password-changed-event.ts';

export type PasswordChangedHook = (event: PasswordChangedEvent) => Promise<void>;

export function passwordChangedHooks(risk: Pick<RiskEngine, 'remediateUserRisk'>): PasswordChangedHook[] {
  return [
    async (event) => { if (event.afterMfa) await risk.remediateUserRisk(event.userId); },
  ];
}
