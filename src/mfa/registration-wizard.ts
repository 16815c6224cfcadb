/**
 * The combined-registration wizard's pages and actions, shared by the sign-in interrupt and the
 * security info page: a method's pages, each its registry entry's `registration.wizard` shown
 * while the flow's state is its id (the app, src/mfa/totp/registration-step.ts, followed by its
 * recovery codes, src/mfa/recovery-codes/registration-step.ts) → e-mail for password reset → done.
 */
import { emailVerificationCode, mfaMethodAdded } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { changeEmailAddress, createFlow, currentFlow, EMAIL_CODE_LIFETIME_MS, finishRegistration, issueEmailCode, verifyEmailCode } from './registration.ts';
import type { RegistrationFlowRecord, RegistrationState } from './registration-flow-record.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { isValidEmail } from '../users/username.ts';
import { auditSecurityInfo } from '../audit/security-info.ts';
import { registrationDeps as deps, type Wizard } from './wizard.ts';
import { METHODS, type MfaMethod } from './method-registry.ts';
import type { WizardStep } from './method-registration.ts';

export type { Wizard, WizardDeps } from './wizard.ts';

export type WizardOutcome = { done: false } | { done: true; flow: RegistrationFlowRecord };

/** The method whose wizard page the state is, with that page. */
function methodAt(state: RegistrationState): { method: MfaMethod; step: WizardStep } | undefined {
  const method = METHODS.find((candidate) => candidate.id === state);
  return method && 'wizard' in method.registration ? { method, step: method.registration.wizard } : undefined;
}

/** The methods whose pages only follow another's (recovery codes after the app). */
function followUps(): RegistrationState[] {
  return METHODS.flatMap((method) => ('wizard' in method.registration && method.registration.wizard.followedBy ? [method.registration.wizard.followedBy] : []));
}

/** Where the flow goes once a method's page is done: the page that follows it, else the e-mail step. */
function stateAfter(step: WizardStep): RegistrationState {
  return step.followedBy ?? 'email';
}

/**
 * Whether the flow has registered its method (it is past the method's first page): from then on
 * a skip belongs to the wizard (the e-mail step is optional), never to the registration prompt
 * that started it, since registration is complete.
 */
export function registeredIn(flow: RegistrationFlowRecord | null): boolean {
  return flow !== null && (flow.state === 'email' || flow.state === 'email_code' || followUps().includes(flow.state));
}

async function render(wizard: Wizard, flow: RegistrationFlowRecord, error?: TextId, status = 200): Promise<void> {
  const { services, ctx, action, csrf } = wizard;
  const base = { action, csrf, error: error ? text(error) : undefined, username: wizard.user.username };
  const page = methodAt(flow.state);
  if (page) {
    await page.step.show(wizard, flow, base, status);
    return;
  }
  switch (flow.state) {
    case 'email':
      services.renderer.page(ctx, 'mfa/register-email', { ...base, title: text('registration.email.title'), email: flow.email ?? wizard.user.email ?? '' }, status);
      return;
    case 'email_code':
      services.renderer.page(ctx, 'mfa/register-email-code', { ...base, title: text('registration.emailCode.title'), email: flow.email ?? '' }, status);
      return;
    case 'done':
      return;
    default:
      // The page of a method no longer in the registry (a flow begun before a deploy): a new flow.
      await startWizard(wizard);
  }
}

/** The first method in the registry offered with a wizard page of its own (the app): security info's. */
function firstWizardMethod(): MfaMethod {
  const found = METHODS.find((method) => 'wizard' in method.registration && method.registration.choice);
  if (!found) throw new Error('no MFA method registers in the wizard');
  return found;
}

/** Begins a new flow on the method's page (by default the first offered there: the app). */
export async function startWizard(wizard: Wizard, method: MfaMethod = firstWizardMethod()): Promise<void> {
  const step = 'wizard' in method.registration ? method.registration.wizard : undefined;
  if (!step) throw new Error(`MFA method ${method.id} does not register in the wizard`);
  const flow = step.begin
    ? await step.begin(wizard)
    : await createFlow({ userId: wizard.user._id.toString(), boundTo: wizard.boundTo, method: method.id, now: wizard.services.clock.now() });
  await render(wizard, flow);
}

async function sendEmailCode(wizard: Wizard, flow: RegistrationFlowRecord, email: string): Promise<RegistrationFlowRecord> {
  const { services } = wizard;
  const code = await issueEmailCode(flow, email, services.clock.now(), deps(services));
  await services.mailer.send({ to: email, ...emailVerificationCode({ brand: services.brand, code, minutesValid: EMAIL_CODE_LIFETIME_MS / 60_000 }) });
  return { ...flow, state: 'email_code', email };
}

/** Applies one posted action to the wizard (its live flow, read unless given); renders the next page unless the wizard is done. */
export async function advanceWizard(wizard: Wizard, action: string, body: Record<string, unknown>, live?: RegistrationFlowRecord | null): Promise<WizardOutcome> {
  const { services } = wizard;
  const now = services.clock.now();
  const flow = live === undefined ? await currentFlow(wizard.user._id.toString(), wizard.boundTo, now) : live;
  if (!flow) {
    await startWizard(wizard);
    return { done: false };
  }
  const field = (name: string): string => (typeof body[name] === 'string' ? body[name] : '').slice(0, 254);

  const page = methodAt(flow.state);
  if (page) {
    const result = await page.step.submit(wizard, flow, action, field, stateAfter(page.step));
    if (result.kind === 'restart') await startWizard(wizard, page.method);
    else if (result.kind === 'error') await render(wizard, flow, result.error, 400);
    else await render(wizard, result.kind === 'next' ? result.flow : flow);
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
