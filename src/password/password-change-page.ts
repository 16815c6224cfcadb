/**
 * The password change a sign-in can demand: after MFA when the user is at risk (the secure
 * password change that remediates user risk), or when an admin requires it. The session that
 * completes this sign-in stays; every other session and token ends.
 */
import type { Context } from 'koa';
import { clientIpOf } from '../http/client-ip.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';
import { stepResult } from '../sign-in/steps.ts';
import { text } from '../text/catalogue.ts';
import { changePassword, minimumLengthFor, type ChangePasswordDeps } from './change-password.ts';
import { findUserById } from '../users/lookup.ts';
import { backToCurrentStep, finishStep, loadPostedForm, type LoadedInteraction } from '../sign-in/interaction.ts';
import { didMfa } from '../mfa/method-registry.ts';

/** What the password change step uses: its page's, the interaction's and the change's. */
export type PasswordChangePageDeps = ChangePasswordDeps & Pick<Services, 'csrf' | 'provider' | 'renderer'>;

function isRiskDriven(loaded: LoadedInteraction): boolean {
  return loaded.interaction.prompt.reasons.includes('user_risk_password_change');
}

/** The field a rule's message is about: the confirmation when the two differ, else the new password. */
export function passwordErrorField(message: string): 'password' | 'confirm' {
  return message === text('password.mismatch') ? 'confirm' : 'password';
}

export async function renderPasswordChange(services: Pick<Services, 'csrf' | 'renderer'>, ctx: Context, loaded: LoadedInteraction, user: UserRecord, error?: string): Promise<void> {
  const uid = loaded.interaction.uid;
  services.renderer.page(ctx, 'password/password-change', {
    scripts: ['/assets/password-meter.js'],
    title: text('passwordChange.title'),
    heading: text('passwordChange.title'),
    reason: text(isRiskDriven(loaded) ? 'passwordChange.reason.risk' : 'passwordChange.reason.admin'),
    action: `/interaction/${uid}/password`,
    csrf: services.csrf.token(uid),
    username: user.username,
    askCurrent: false,
    minLength: await minimumLengthFor(user),
    buttonAction: 'change',
    error,
    errorField: error ? passwordErrorField(error) : undefined,
  }, error ? 400 : 200);
}

export async function showPasswordChange(services: Pick<Services, 'csrf' | 'renderer'>, ctx: Context, loaded: LoadedInteraction): Promise<void> {
  const user = await findUserById(loaded.interaction.session?.accountId);
  if (!user) throw new Error('password change without a user');
  await renderPasswordChange(services, ctx, loaded, user);
}

export async function submitPasswordChange(services: PasswordChangePageDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { interaction, body } = loaded;
  const user = await findUserById(interaction.session?.accountId);
  if (!user || interaction.prompt.name !== 'password_change') {
    backToCurrentStep(ctx, interaction.uid);
    return;
  }
  const result = await changePassword(services, user, {
    password: body.password,
    confirm: body.confirm,
    reason: isRiskDriven(loaded) ? 'risk' : 'admin',
    afterMfa: didMfa(interaction.session?.amr),
    keepSessionId: interaction.session?.cookie,
    ip: clientIpOf(ctx),
  });
  if (!result.ok) {
    await renderPasswordChange(services, ctx, loaded, user, result.message);
    return;
  }
  await finishStep(ctx, interaction, stepResult({ step: 'password_changed', at: services.clock.now().toISOString() }));
}
