/**
 * Self-service password reset from the login page, returning to the same authorization request:
 * identify (the same page follows whether or not the account exists, with the mail sent in the
 * background so timing does not tell either), verify the required methods, choose a new
 * password, then sign in again through every sign-in check. Requests are throttled per account
 * and per source address.
 */
import type { Context } from 'koa';
import { hasMfaMethod } from '../../mfa/methods.ts';
import { mailAddressOf } from '../../mail/notify-user.ts';
import { passwordResetCode, passwordResetUnavailable } from '../../mail/messages/index.ts';
import { methodOf } from '../../mfa/authenticator-store.ts';
import type { AuthenticatorRecord } from '../../models/authenticator.ts';
import type { ResetFlowRecord } from '../../models/reset-flow.ts';
import type { UserRecord } from '../../models/user.ts';
import { clientIpOf } from '../../http/client-ip.ts';
import type { Services } from '../../services.ts';
import { requiredMethods, ssprAppliesTo, ssprEnabledForAnyone } from '../../sspr/scope.ts';
import { completeResetFlow, createResetFlow, issueResetCode, liveResetFlow, RESET_CODE_LIFETIME_MS, verifyResetCode } from '../../sspr/reset-flow.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import { changePassword, minimumLengthFor } from '../../users/change-password.ts';
import { checkPasswordForUser } from '../../users/password-rules-service.ts';
import { findUserById, findUserByLogin } from '../../users/lookup.ts';
import { NO_USER_ID } from '../../users/no-user.ts';
import { normaliseIdentifier } from '../../users/username.ts';
import { normalizePassword } from '../../auth/password-normalize.ts';
import { loadInteraction, loadPostedForm, type LoadedInteraction } from '../interaction.ts';

const base = (uid: string) => `/interaction/${uid}/forgot`;

function renderIdentify(services: Services, ctx: Context, loaded: LoadedInteraction, error?: string, status = 200): void {
  const uid = loaded.interaction.uid;
  if (!ssprEnabledForAnyone(services.policies.current.sspr)) {
    services.renderer.page(ctx, 'forgot-not-allowed', { title: text('reset.notAllowed.title'), backUrl: `/interaction/${uid}` });
    return;
  }
  services.renderer.page(ctx, 'forgot-identify', { title: text('reset.title'), action: base(uid), csrf: services.csrf.token(uid), backUrl: `/interaction/${uid}`, error }, status);
}

function renderVerify(services: Services, ctx: Context, uid: string, flow: ResetFlowRecord, extra: { error?: TextId; notice?: TextId; status?: number } = {}): void {
  const pending = flow.required.filter((m) => !flow.verified.includes(m));
  const body = flow.verified.length && pending[0]
    ? text('reset.verify.more', { method: text(pending[0] === 'email' ? 'reset.verify.method.email' : 'reset.verify.method.totp') })
    : text('reset.verify.body');
  services.renderer.page(ctx, 'forgot-verify', {
    title: text('reset.verify.title'),
    body,
    action: `${base(uid)}/verify`,
    csrf: services.csrf.token(uid),
    restartUrl: base(uid),
    error: extra.error ? text(extra.error) : undefined,
    notice: extra.notice ? text(extra.notice) : undefined,
  }, extra.status ?? 200);
}

async function renderNewPassword(services: Services, ctx: Context, uid: string, user: UserRecord, error?: string): Promise<void> {
  services.renderer.page(ctx, 'password-change', {
    scripts: ['/assets/password-meter.js'],
    title: text('reset.newPassword.title'),
    heading: text('reset.newPassword.title'),
    reason: text('reset.newPassword.body'),
    action: `${base(uid)}/password`,
    csrf: services.csrf.token(uid),
    username: user.username,
    askCurrent: false,
    minLength: await minimumLengthFor(user),
    buttonAction: 'reset',
    error,
  }, error ? 400 : 200);
}

async function resetMailbox(user: UserRecord): Promise<string | undefined> {
  return resetMailboxOf(user, await methodOf(user._id.toString(), 'email'));
}

function resetMailboxOf(user: UserRecord, method: AuthenticatorRecord | null): string | undefined {
  if (method?.address) return method.address;
  return user.emailVerified ? user.email : undefined;
}

/** Sends in the background: a slow mail server must not make a real account answer slower. */
function sendLater(services: Services, to: string | undefined, content: { subject: string; text: string; html: string }): void {
  if (!to) return;
  void services.mailer.send({ to, ...content });
}

async function sendCode(services: Services, flow: ResetFlowRecord, user: UserRecord): Promise<void> {
  if (!flow.required.includes('email') || flow.verified.includes('email')) return;
  const code = await issueResetCode(flow, services.clock.now(), services.codePepper);
  sendLater(services, await resetMailbox(user), codeMail(services, code));
}

function codeMail(services: Services, code: string): ReturnType<typeof passwordResetCode> {
  return passwordResetCode({ brand: services.brand, code, minutesValid: RESET_CODE_LIFETIME_MS / 60_000 });
}

async function throttled(services: Services, ctx: Context, identifier: string): Promise<number | undefined> {
  for (const [throttle, key] of [[services.resetThrottles.source, clientIpOf(ctx)], [services.resetThrottles.account, identifier]] as const) {
    const result = await throttle.consume(key);
    if (!result.ok) return result.retryAfterSeconds;
  }
  return undefined;
}

export async function showForgotPassword(services: Services, ctx: Context): Promise<void> {
  const loaded = await loadInteraction(services.provider, ctx);
  renderIdentify(services, ctx, loaded);
}

export async function submitForgotPassword(services: Services, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const policy = services.policies.current.sspr;
  if (!ssprEnabledForAnyone(policy)) {
    renderIdentify(services, ctx, loaded);
    return;
  }
  const identifier = typeof body.username === 'string' ? normaliseIdentifier(body.username.slice(0, 320)) : '';
  if (!identifier) {
    renderIdentify(services, ctx, loaded, text('login.missingFields'), 400);
    return;
  }
  const wait = await throttled(services, ctx, identifier);
  if (wait !== undefined) {
    ctx.set('Retry-After', String(wait));
    renderIdentify(services, ctx, loaded, text('reset.throttled', { seconds: wait }), 429);
    return;
  }
  const now = services.clock.now();
  const user = await findUserByLogin(identifier);
  // The same reads and the one write whether or not the account exists.
  const userId = user?._id.toString() ?? NO_USER_ID;
  const [hasTotp, emailMethod] = await Promise.all([hasMfaMethod(userId), methodOf(userId, 'email')]);
  const mailbox = user ? resetMailboxOf(user, emailMethod) : undefined;
  const required = user && !user.disabled && ssprAppliesTo(policy, user) ? requiredMethods(policy, { email: Boolean(mailbox), totp: hasTotp }) : null;
  const accountKey = user ? userId : `name:${identifier}`;
  const { flow, code } = await createResetFlow(uid, accountKey, now, services.codePepper, user && required ? { id: userId, required } : undefined);
  if (user && required?.includes('email')) sendLater(services, mailbox, codeMail(services, code));
  else if (user && !required && !user.disabled) sendLater(services, mailAddressOf(user, emailMethod), passwordResetUnavailable({ brand: services.brand }));
  renderVerify(services, ctx, uid, flow);
}

export async function submitForgotVerify(services: Services, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const now = services.clock.now();
  const flow = await liveResetFlow(uid, now);
  if (!flow || flow.state !== 'verify') {
    renderIdentify(services, ctx, loaded, text('reset.expired'), 400);
    return;
  }
  if (body.action === 'send') {
    const user = flow.userId ? await findUserById(flow.userId) : null;
    const wait = await services.resetThrottles.account.consume(user?.username ?? `flow:${flow._id}`);
    if (wait.ok && user) await sendCode(services, flow, user);
    renderVerify(services, ctx, uid, flow, { notice: 'reset.verify.resent' });
    return;
  }
  // Every guess, right or wrong, at any flow of this account counts towards its daily cap: the
  // bound on guessing (src/sspr/limits.ts). It never touches the user's sign-in methods.
  const allowed = await services.resetThrottles.verify.consume(flow.accountKey);
  if (!allowed.ok) {
    ctx.set('Retry-After', String(allowed.retryAfterSeconds));
    renderVerify(services, ctx, uid, flow, { error: 'reset.verify.dailyLimit', status: 429 });
    return;
  }
  const code = typeof body.code === 'string' ? body.code.slice(0, 64) : '';
  const result = await verifyResetCode(flow, code, now, { pepper: services.codePepper, secretBox: services.secretBox });
  if (!result.ok) {
    if (result.reason === 'TOO_MANY_ATTEMPTS') {
      renderIdentify(services, ctx, loaded, text('reset.tooManyAttempts'), 400);
      return;
    }
    renderVerify(services, ctx, uid, { ...flow, failedAttempts: flow.failedAttempts + 1 }, { error: 'reset.verify.invalid', status: 401 });
    return;
  }
  const user = await findUserById(flow.userId);
  if (!user) {
    renderIdentify(services, ctx, loaded, text('reset.expired'), 400);
    return;
  }
  if (result.remaining.length) {
    const updated = { ...flow, verified: [...flow.verified, result.method] };
    if (result.remaining.includes('email')) await sendCode(services, updated, user);
    renderVerify(services, ctx, uid, updated);
    return;
  }
  await renderNewPassword(services, ctx, uid, user);
}

export async function submitForgotNewPassword(services: Services, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const now = services.clock.now();
  const flow = await liveResetFlow(uid, now);
  const user = flow?.state === 'password' ? await findUserById(flow.userId) : null;
  if (!flow || !user) {
    renderIdentify(services, ctx, loaded, text('reset.expired'), 400);
    return;
  }
  const password = typeof body.password === 'string' ? normalizePassword(body.password.slice(0, 4096)) : '';
  const confirm = typeof body.confirm === 'string' ? normalizePassword(body.confirm.slice(0, 4096)) : '';
  if (password !== confirm) {
    await renderNewPassword(services, ctx, uid, user, text('password.mismatch'));
    return;
  }
  const precheck = await checkPasswordForUser(password, user, { configDir: services.settings.configDir, serviceName: services.brand.productName, onlyFactor: !await hasMfaMethod(user._id.toString()) });
  if (!precheck.ok) {
    await renderNewPassword(services, ctx, uid, user, precheck.message);
    return;
  }
  if (!await completeResetFlow(flow, now)) {
    renderIdentify(services, ctx, loaded, text('reset.expired'), 400);
    return;
  }
  const result = await changePassword(services, user, { password, confirm, reason: 'reset', afterMfa: flow.required.includes('totp'), ip: clientIpOf(ctx) });
  if (!result.ok) {
    await renderNewPassword(services, ctx, uid, user, result.message);
    return;
  }
  ctx.status = 303;
  ctx.redirect(`/interaction/${uid}?reset=done`);
}
