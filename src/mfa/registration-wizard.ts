/**
 * The combined-registration wizard's pages and actions, shared by the sign-in interrupt and the
 * security info page: TOTP app (src/mfa/totp/registration-step.ts) → recovery codes
 * (src/mfa/recovery-codes/registration-step.ts) → e-mail for password reset → done.
 */
import { emailVerificationCode, mfaMethodAdded } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { changeEmailAddress, currentFlow, EMAIL_CODE_LIFETIME_MS, finishRegistration, issueEmailCode, startRegistration, verifyEmailCode } from './registration.ts';
import type { RegistrationFlowRecord } from './registration-flow-record.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { isValidEmail } from '../users/username.ts';
import { auditSecurityInfo } from '../audit/security-info.ts';
import { registrationDeps as deps, type Wizard } from './wizard.ts';
import { confirmAppStep, showAppStep } from './totp/registration-step.ts';
import { confirmRecoveryCodesStep, showRecoveryCodesStep } from './recovery-codes/registration-step.ts';

export type { Wizard, WizardDeps } from './wizard.ts';

export type WizardOutcome = { done: false } | { done: true; flow: RegistrationFlowRecord };

async function render(wizard: Wizard, flow: RegistrationFlowRecord, error?: TextId, status = 200): Promise<void> {
  const { services, ctx, action, csrf } = wizard;
  const base = { action, csrf, error: error ? text(error) : undefined, username: wizard.user.username };
  switch (flow.state) {
    case 'totp':
      await showAppStep(wizard, flow, base, status);
      return;
    case 'recovery':
      showRecoveryCodesStep(wizard, flow, base, status);
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
    const result = await confirmAppStep(wizard, flow, field('code'));
    if (!result.ok && result.reason === 'SUPERSEDED') {
      await startWizard(wizard);
      return { done: false };
    }
    if (!result.ok) {
      await render(wizard, flow, 'registration.totp.invalid', 400);
      return { done: false };
    }
    await render(wizard, result.next);
    return { done: false };
  }
  if (flow.state === 'recovery' && action === 'confirm') {
    await render(wizard, await confirmRecoveryCodesStep(flow));
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
