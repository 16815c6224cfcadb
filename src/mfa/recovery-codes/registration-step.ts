/** The wizard's recovery codes step: the new codes, shown once, until the user says they kept them. */
import { text } from '../../text/catalogue.ts';
import { NO_APP } from '../enrollment-claim.ts';
import type { RegistrationFlowRecord } from '../registration-flow-record.ts';
import { acknowledgeRecoveryCodes, flowRecoveryCodes } from '../registration.ts';
import { registrationDeps, type Wizard, type WizardPage } from '../wizard.ts';

export function showRecoveryCodesStep(wizard: Wizard, flow: RegistrationFlowRecord, page: WizardPage, status: number): void {
  wizard.services.renderer.page(wizard.ctx, 'mfa/register-recovery', { ...page, scripts: ['/assets/recovery-codes.js'], title: text('registration.recovery.title'), codes: flowRecoveryCodes(flow, registrationDeps(wizard.services)), replaced: flow.replaces !== NO_APP }, status);
}

/** "I have saved them": the codes are forgotten (only their hashes remain); on to the e-mail step. */
export async function confirmRecoveryCodesStep(flow: RegistrationFlowRecord): Promise<RegistrationFlowRecord> {
  await acknowledgeRecoveryCodes(flow);
  return { ...flow, state: 'email' };
}
