/**
 * The wizard's authenticator app step: the QR code and the secret, then a code from the app
 * registers it (with a new set of recovery codes), audited and e-mailed as added or replaced.
 */
import { auditSecurityInfo } from '../../audit/security-info.ts';
import { mfaMethodAdded, mfaMethodReplaced } from '../../mail/messages/index.ts';
import { notifyUser } from '../../mail/notify-user.ts';
import { text } from '../../text/catalogue.ts';
import { NO_APP } from '../enrollment-claim.ts';
import type { RegistrationFlowRecord } from '../registration-flow-record.ts';
import { confirmTotp, flowSecret } from '../registration.ts';
import { registrationDeps, type Wizard, type WizardPage } from '../wizard.ts';
import { totpMethod } from './method.ts';
import { qrCodeDataUrl, totpUri } from './totp.ts';

export async function showAppStep(wizard: Wizard, flow: RegistrationFlowRecord, page: WizardPage, status: number): Promise<void> {
  const { services } = wizard;
  const secret = flowSecret(flow, registrationDeps(services));
  const uri = totpUri({ issuer: services.brand.productName, accountName: wizard.user.username, secret });
  services.renderer.page(wizard.ctx, 'mfa/register-totp', { ...page, title: text('registration.totp.title'), secret: secret.replace(/(.{4})/g, '$1 ').trim(), otpauthUri: uri, qrDataUrl: await qrCodeDataUrl(uri), later: wizard.later, backHref: wizard.backHref }, status);
}

export type AppStepResult = { ok: true; next: RegistrationFlowRecord } | { ok: false; reason: 'INVALID' | 'SUPERSEDED' };

/** A code from the app registers it; the flow moves on to show the new recovery codes. */
export async function confirmAppStep(wizard: Wizard, flow: RegistrationFlowRecord, code: string): Promise<AppStepResult> {
  const { services } = wizard;
  const now = services.clock.now();
  const result = await confirmTotp(flow, code, now, registrationDeps(services));
  if (!result.ok) return result;
  const change = { brand: services.brand, methodLabel: text(totpMethod.label), when: now };
  const added = flow.replaces === NO_APP;
  await auditSecurityInfo(services, wizard.ctx, wizard.user, {
    action: added ? 'security-info.method-added' : 'security-info.method-replaced',
    before: { authenticatorApp: added ? null : 'registered' }, after: { authenticatorApp: added ? 'registered' : 'replaced', newRecoveryCodes: result.recoveryCodes.length },
  });
  await notifyUser(services.mailer, wizard.user, added ? mfaMethodAdded(change) : mfaMethodReplaced(change));
  return { ok: true, next: { ...flow, state: 'recovery', sealedRecoveryCodes: services.secretBox.seal(JSON.stringify(result.recoveryCodes), `recovery:${flow._id}`) } };
}
