/**
 * The combined-registration wizard's pages and actions, shared by the sign-in interrupt and the
 * security info page: TOTP app → recovery codes → e-mail for password reset → done.
 */
import type { Context } from 'koa';
import { qrCodeDataUrl, totpUri } from './totp/totp.ts';
import { emailVerificationCode, mfaMethodAdded, mfaMethodReplaced } from '../mail/messages/index.ts';
import { NO_APP } from './enrollment-claim.ts';
import { notifyUser } from '../mail/notify-user.ts';
import {
  acknowledgeRecoveryCodes, changeEmailAddress, confirmTotp, currentFlow, EMAIL_CODE_LIFETIME_MS, finishRegistration, flowRecoveryCodes,
  flowSecret, issueEmailCode, startRegistration, verifyEmailCode,
} from './registration.ts';
import type { RegistrationFlowRecord } from './registration-flow-record.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { isValidEmail } from '../users/username.ts';
import { auditSecurityInfo } from '../audit/security-info.ts';

/** What the registration wizard uses (in the sign-in and in security info). */
export type WizardDeps = Pick<Services, 'brand' | 'clock' | 'codePepper' | 'mailer' | 'renderer' | 'secretBox'>;

export interface Wizard {
  services: WizardDeps;
  ctx: Context;
  user: UserRecord;
  boundTo: string;
  action: string;
  csrf: string;
  /** The app step offers "Do it later" (posts `skip`): only while the registration prompt is skippable. */
  later?: boolean;
  /** The app step links back here (security info). */
  backHref?: string;
}

export type WizardOutcome = { done: false } | { done: true; flow: RegistrationFlowRecord };

function deps(services: Pick<Services, 'secretBox' | 'codePepper'>) {
  return { secretBox: services.secretBox, codePepper: services.codePepper };
}

async function render(wizard: Wizard, flow: RegistrationFlowRecord, error?: TextId, status = 200): Promise<void> {
  const { services, ctx, action, csrf } = wizard;
  const base = { action, csrf, error: error ? text(error) : undefined, username: wizard.user.username };
  switch (flow.state) {
    case 'totp': {
      const secret = flowSecret(flow, deps(services));
      const uri = totpUri({ issuer: services.brand.productName, accountName: wizard.user.username, secret });
      services.renderer.page(ctx, 'mfa/register-totp', { ...base, title: text('registration.totp.title'), secret: secret.replace(/(.{4})/g, '$1 ').trim(), otpauthUri: uri, qrDataUrl: await qrCodeDataUrl(uri), later: wizard.later, backHref: wizard.backHref }, status);
      return;
    }
    case 'recovery':
      services.renderer.page(ctx, 'mfa/register-recovery', { ...base, scripts: ['/assets/recovery-codes.js'], title: text('registration.recovery.title'), codes: flowRecoveryCodes(flow, deps(services)), replaced: flow.replaces !== NO_APP }, status);
      return;
    case 'email':
      services.renderer.page(ctx, 'mfa/register-email', { ...base, title: text('registration.email.title'), email: flow.email ?? wizard.user.email ?? '' }, status);
      return;
    case 'email_code':
      services.renderer.page(ctx, 'mfa/register-email-code', { ...base, title: text('registration.emailCode.title'), email: flow.email ?? '' }, status);
      return;
    case 'done':
      return;
  }
}

export async function startWizard(wizard: Wizard): Promise<void> {
  const flow = await startRegistration(wizard.user._id.toString(), wizard.boundTo, wizard.services.clock.now(), deps(wizard.services));
  await render(wizard, flow);
}

async function sendEmailCode(wizard: Wizard, flow: RegistrationFlowRecord, email: string): Promise<RegistrationFlowRecord> {
  const { services } = wizard;
  const code = await issueEmailCode(flow, email, services.clock.now(), deps(services));
  await services.mailer.send({ to: email, ...emailVerificationCode({ brand: services.brand, code, minutesValid: EMAIL_CODE_LIFETIME_MS / 60_000 }) });
  return { ...flow, state: 'email_code', email };
}

/** Applies one posted action to the wizard; renders the next page unless the wizard is done. */
export async function advanceWizard(wizard: Wizard, action: string, body: Record<string, unknown>): Promise<WizardOutcome> {
  const { services } = wizard;
  const now = services.clock.now();
  const flow = await currentFlow(wizard.user._id.toString(), wizard.boundTo, now);
  if (!flow) {
    await startWizard(wizard);
    return { done: false };
  }
  const field = (name: string): string => (typeof body[name] === 'string' ? body[name] : '').slice(0, 254);

  if (flow.state === 'totp' && action === 'verify') {
    const result = await confirmTotp(flow, field('code'), now, deps(services));
    if (!result.ok && result.reason === 'SUPERSEDED') {
      await startWizard(wizard);
      return { done: false };
    }
    if (!result.ok) {
      await render(wizard, flow, 'registration.totp.invalid', 400);
      return { done: false };
    }
    const change = { brand: services.brand, methodLabel: 'Authenticator app', when: now };
    const added = flow.replaces === NO_APP;
    await auditSecurityInfo(services, wizard.ctx, wizard.user, {
      action: added ? 'security-info.method-added' : 'security-info.method-replaced',
      before: { authenticatorApp: added ? null : 'registered' }, after: { authenticatorApp: added ? 'registered' : 'replaced', newRecoveryCodes: result.recoveryCodes.length },
    });
    await notifyUser(services.mailer, wizard.user, flow.replaces === NO_APP ? mfaMethodAdded(change) : mfaMethodReplaced(change));
    await render(wizard, { ...flow, state: 'recovery', sealedRecoveryCodes: services.secretBox.seal(JSON.stringify(result.recoveryCodes), `recovery:${flow._id}`) });
    return { done: false };
  }
  if (flow.state === 'recovery' && action === 'confirm') {
    await acknowledgeRecoveryCodes(flow);
    await render(wizard, { ...flow, state: 'email' });
    return { done: false };
  }
  if ((flow.state === 'email' || flow.state === 'email_code') && action === 'skip') {
    await finishRegistration(flow);
    return { done: true, flow };
  }
  if (flow.state === 'email' && action === 'send') {
    const email = field('email').trim().toLowerCase();
    if (!isValidEmail(email)) {
      await render(wizard, flow, 'registration.email.invalid', 400);
      return { done: false };
    }
    await render(wizard, await sendEmailCode(wizard, flow, email));
    return { done: false };
  }
  if (flow.state === 'email_code' && action === 'change') {
    await render(wizard, await changeEmailAddress(flow));
    return { done: false };
  }
  if (flow.state === 'email_code' && action === 'send' && flow.email) {
    await render(wizard, await sendEmailCode(wizard, flow, flow.email));
    return { done: false };
  }
  if (flow.state === 'email_code' && action === 'verify') {
    const result = await verifyEmailCode(flow, field('code'), now, deps(services));
    if (result.ok) {
      await auditSecurityInfo(services, wizard.ctx, wizard.user, { action: 'security-info.method-added', after: { resetEmail: result.email } });
      await notifyUser(services.mailer, wizard.user, mfaMethodAdded({ brand: services.brand, methodLabel: `E-mail for password reset (${result.email})`, when: now }));
      return { done: true, flow };
    }
    const error: TextId = result.reason === 'EXPIRED' ? 'registration.emailCode.expired' : result.reason === 'TOO_MANY_ATTEMPTS' ? 'registration.emailCode.tooMany' : 'registration.emailCode.invalid';
    await render(wizard, { ...flow, emailCodeAttempts: flow.emailCodeAttempts + 1 }, error, 400);
    return { done: false };
  }
  await render(wizard, flow);
  return { done: false };
}
