/**
 * The wizard's authenticator app page: the QR code and the secret, then a code from the app
 * registers it (with a new set of recovery codes, the page that follows), audited and e-mailed as
 * added or replaced.
 */
import { auditSecurityInfo } from '../../audit/security-info.ts';
import { mfaMethodAdded, mfaMethodReplaced } from '../../mail/messages/index.ts';
import { notifyUser } from '../../mail/notify-user.ts';
import { text } from '../../text/catalogue.ts';
import { NO_APP } from '../enrollment-claim.ts';
import type { WizardStep, WizardStepResult } from '../method-registration.ts';
import type { RegistrationFlowRecord, RegistrationState } from '../registration-flow-record.ts';
import { registrationDeps, type Wizard, type WizardPage } from '../wizard.ts';
import { confirmTotp, flowSecret, startAppFlow } from './registration-flow.ts';
import { qrCodeDataUrl, totpUri } from './totp.ts';

async function showAppStep(wizard: Wizard, flow: RegistrationFlowRecord, page: WizardPage, status: number): Promise<void> {
  const { services } = wizard;
  const secret = flowSecret(flow, registrationDeps(services));
  const uri = totpUri({ issuer: services.brand.productName, accountName: wizard.user.username, secret });
  services.renderer.page(wizard.ctx, 'mfa/register-totp', { ...page, title: text('registration.totp.title'), secret: secret.replace(/(.{4})/g, '$1 ').trim(), otpauthUri: uri, qrDataUrl: await qrCodeDataUrl(uri), later: wizard.later, backHref: wizard.backHref }, status);
}

/** A code from the app registers it; the flow moves on to `next` (the new recovery codes). */
async function confirmAppStep(wizard: Wizard, flow: RegistrationFlowRecord, code: string, next: RegistrationState): Promise<WizardStepResult> {
  const { services } = wizard;
  const now = services.clock.now();
  const result = await confirmTotp(flow, code, now, registrationDeps(services), next);
  if (!result.ok) return result.reason === 'SUPERSEDED' ? { kind: 'restart' } : { kind: 'error', error: 'registration.totp.invalid' };
  const change = { brand: services.brand, methodLabel: text('securityInfo.method.totp'), when: now };
  const added = flow.replaces === NO_APP;
  await auditSecurityInfo(services, wizard.ctx, wizard.user, {
    action: added ? 'security-info.method-added' : 'security-info.method-replaced',
    before: { authenticatorApp: added ? null : 'registered' }, after: { authenticatorApp: added ? 'registered' : 'replaced', newRecoveryCodes: result.recoveryCodes.length },
  });
  await notifyUser(services.mailer, wizard.user, added ? mfaMethodAdded(change) : mfaMethodReplaced(change));
  return { kind: 'next', flow: { ...flow, state: next, sealedRecoveryCodes: services.secretBox.seal(JSON.stringify(result.recoveryCodes), `recovery:${flow._id}`) } };
}

export const appWizardStep: WizardStep = {
  begin: (wizard) => startAppFlow(wizard.user._id.toString(), wizard.boundTo, wizard.services.clock.now(), registrationDeps(wizard.services)),
  show: showAppStep,
  submit: async (wizard, flow, action, field, next) => (action === 'verify' ? confirmAppStep(wizard, flow, field('code'), next) : { kind: 'ignored' }),
  // Registering the app issues its recovery codes: their page comes next.
  followedBy: 'recovery',
};
