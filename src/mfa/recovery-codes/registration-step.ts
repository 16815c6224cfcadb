/** The wizard's recovery codes page: the new codes, shown once, until the user says they kept them. */
import { text } from '../../text/catalogue.ts';
import { NO_APP } from '../enrollment-claim.ts';
import type { WizardStep } from '../method-registration.ts';
import { RegistrationFlow, type RegistrationFlowRecord } from '../registration-flow-record.ts';
import { registrationDeps, type Wizard, type WizardPage } from '../wizard.ts';

/** Shown once: after this the codes exist only as hashes. */
function flowRecoveryCodes(flow: RegistrationFlowRecord, wizard: Wizard): string[] {
  if (!flow.sealedRecoveryCodes) return [];
  return JSON.parse(registrationDeps(wizard.services).secretBox.open(flow.sealedRecoveryCodes, `recovery:${flow._id}`)) as string[];
}

async function showRecoveryCodesStep(wizard: Wizard, flow: RegistrationFlowRecord, page: WizardPage, status: number): Promise<void> {
  wizard.services.renderer.page(wizard.ctx, 'mfa/register-recovery', { ...page, scripts: ['/assets/recovery-codes.js'], title: text('registration.recovery.title'), codes: flowRecoveryCodes(flow, wizard), replaced: flow.replaces !== NO_APP }, status);
}

export const recoveryCodesWizardStep: WizardStep = {
  show: showRecoveryCodesStep,
  // "I have saved them": the codes are forgotten (only their hashes remain); on to `next`.
  submit: async (_wizard, flow, action, _field, next) => {
    if (action !== 'confirm') return { kind: 'ignored' };
    await RegistrationFlow.updateOne({ _id: flow._id }, { $set: { state: next }, $unset: { sealedRecoveryCodes: 1 } });
    return { kind: 'next', flow: { ...flow, state: next } };
  },
};
