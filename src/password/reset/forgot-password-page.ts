/**
 * Self-service password reset from the login page, returning to the same authorization request:
 * identify → choose how to verify → verify → a new password → sign in again through every check.
 *
 * No enumeration: after the username every name gets the same choice (the policy's ways, not the
 * account's: src/password/reset/scope.ts), each choice the same page, the same database work and the same
 * time (mail is rendered and sent after the response, for every request alike), and the page
 * says what happened in terms true for every account ("if the account can reset with an e-mailed
 * code, we sent one"). Only after one method is verified does the page name what else this
 * account needs (its masked reset address). Limits: per source and per (account, source) for
 * requests, a mail cap per account, and a daily cap of verification attempts per account, with
 * a bucket of its own for each device the account trusts (src/password/reset/limits.ts); none of them
 * touches the user's sign-in methods.
 */
import type { Context } from 'koa';
import type { Interaction } from 'oidc-provider';
import { mailAddressOf } from '../../mail/notify-user.ts';
import { passwordResetUnavailable, recoveryCodeUsed } from '../../mail/messages/index.ts';
import { methodOf } from '../../mfa/authenticator-store.ts';
import { hasMfaMethod, METHODS, mfaMethod } from '../../mfa/method-registry.ts';
import type { ResetForm } from '../../mfa/method.ts';
import { methodsOfStrength } from '../../mfa/strength.ts';
import type { AuthenticatorRecord } from '../../mfa/authenticator.ts';
import type { ResetChoice, ResetFlowRecord } from './reset-flow-record.ts';
import type { UserRecord } from '../../users/user.ts';
import { clientIpOf } from '../../http/client-ip.ts';
import { existingDeviceIdOf } from '../../http/device-cookie.ts';
import type { Services } from '../../services.ts';
import { relyingParty } from '../../mfa/passkeys/security-info-routes.ts';
import { requiredMethods, resetChoices, ssprAppliesTo, ssprEnabledForAnyone } from './scope.ts';
import { chooseMethod, completeResetFlow, createResetFlow, liveResetFlow, pendingMethods, verifyResetCode } from './reset-flow.ts';
import { issueResetCode } from './reset-code.ts';
import { maskAddress } from './mask-address.ts';
import { verifyBucketOf } from './verify-bucket.ts';
import { resetCodeMail, sendAfterResponse } from './reset-mail.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import { changePassword, minimumLengthFor } from '../change-password.ts';
import { checkPasswordForUser } from '../password-rules-service.ts';
import { findUserById, findUserByLogin } from '../../users/lookup.ts';
import { NO_USER_ID } from '../../db/no-user.ts';
import { normaliseIdentifier } from '../../users/username.ts';
import { normalizePassword } from '../password-normalize.ts';
import { loadInteraction, loadPostedForm, type LoadedInteraction } from '../../sign-in/interaction.ts';
import { passwordErrorField } from '../password-change-page.ts';

/** What the password reset's pages use (README.md, "Self-service password reset"). */
export type ResetDeps = Pick<Services, 'brand' | 'clock' | 'codePepper' | 'csrf' | 'logger' | 'mailer' | 'metrics' | 'passwordChangedHooks' | 'policies' | 'provider' | 'renderer' | 'resetThrottles' | 'secretBox' | 'settings'>;

const base = (uid: string) => `/interaction/${uid}/forgot`;

type Notice = { id: TextId; values?: Record<string, string | number> };

/**
 * An error on the first page: a missing name is about the username box; every other one (the
 * reset expired, too many codes, too many requests) is about the whole reset, so the summary
 * says it without marking the box (an empty box is not what is wrong).
 */
type IdentifyError = { message: string; field: 'username' | '' };

function renderIdentify(services: ResetDeps, ctx: Context, loaded: LoadedInteraction, error?: IdentifyError, status = 200): void {
  const uid = loaded.interaction.uid;
  if (!ssprEnabledForAnyone(services.policies.current.sspr)) {
    services.renderer.page(ctx, 'password/reset/forgot-not-allowed', { title: text('reset.notAllowed.title'), backUrl: `/interaction/${uid}` });
    return;
  }
  services.renderer.page(ctx, 'password/reset/forgot-identify', { title: text('reset.title'), action: base(uid), csrf: services.csrf.token(uid), backUrl: `/interaction/${uid}`, error: error?.message, errorField: error?.field }, status);
}

const resetEnded = (): IdentifyError => ({ message: text('reset.expired'), field: '' });

/** A choice's words: the e-mailed code's, or the registry method's own. */
function choiceLabel(choice: ResetChoice): TextId {
  return choice === 'email' ? 'reset.choose.email' : mfaMethod(choice).resetLabel;
}

function renderChoose(services: ResetDeps, ctx: Context, uid: string, error?: TextId, status = 200): void {
  const choices = resetChoices(services.policies.current.sspr).map((value, index) => ({ value, label: text(choiceLabel(value)), checked: index === 0 }));
  services.renderer.page(ctx, 'password/reset/forgot-choose', {
    title: text('reset.choose.title'),
    errorField: error ? 'method' : undefined,
    action: `${base(uid)}/method`,
    csrf: services.csrf.token(uid),
    restartUrl: base(uid),
    choices,
    error: error ? text(error) : undefined,
  }, status);
}

/** The e-mailed code's form: the reset's own way, not an MFA method. */
const EMAIL_FORM: ResetForm = { title: 'reset.verify.title', body: 'reset.verify.email', help: 'reset.verify.email.help', next: 'reset.verify.next.email', kind: 'code', label: 'reset.verify.code', letters: false };

/**
 * How the verify page asks for the way chosen: the e-mailed code's form, or the registry method's
 * own (a choice no method answers any more, from a flow stored before a method was removed, gets
 * a code box that matches nothing).
 */
function formOf(flow: ResetFlowRecord): ResetForm {
  if (flow.chosen === 'email') return EMAIL_FORM;
  return METHODS.find((method) => method.id === flow.chosen)?.resetForm ?? { ...EMAIL_FORM, help: undefined };
}

/** What the code page says, by the way chosen; `next` after a first method was verified. */
function verifyBody(form: ResetForm, next?: { address?: string }): { body: string; help?: string } {
  if (next) return { body: text(form.next, { address: next.address ?? '' }) };
  return { body: text(form.body), help: form.help ? text(form.help) : undefined };
}

/** What a ceremony's form posts, and the most of it read (bounded again where it is parsed); a typed code's. */
function postedAnswer(form: ResetForm, body: Record<string, unknown>): string {
  const field = form.kind === 'webauthn' ? body.assertion : body.code;
  return typeof field === 'string' ? field.slice(0, form.kind === 'webauthn' ? 16_384 : 64) : '';
}

/** A wrong or missing code is about the code box; the daily cap is about the reset as a whole. */
function renderVerify(services: ResetDeps, ctx: Context, uid: string, flow: ResetFlowRecord, extra: { error?: TextId; notice?: Notice; status?: number; next?: { address?: string } } = {}): void {
  const form = formOf(flow);
  const { body, help } = verifyBody(form, extra.next);
  const ceremony = form.kind === 'webauthn' ? form : undefined;
  services.renderer.page(ctx, 'password/reset/forgot-verify', {
    title: text(form.title),
    errorField: extra.error ? (extra.error === 'reset.verify.dailyLimit' ? '' : ceremony ? 'use-passkey' : 'code') : undefined,
    body,
    help,
    // A typed code: its box's label, and whether it has letters (a recovery code) or digits only.
    codeLabel: form.kind === 'code' ? text(form.label) : undefined,
    letters: form.kind === 'code' && form.letters,
    // A ceremony, not a code: views/assets/passkeys.js asks for options and posts the answer.
    ceremony: Boolean(ceremony),
    ceremonyButton: ceremony ? text(ceremony.button) : undefined,
    ceremonyOptions: `${base(uid)}/passkey-options`,
    scripts: ceremony?.scripts ?? [],
    canResend: flow.chosen === 'email',
    // Once a first method is verified the account is known to this person: no other way to offer.
    canChooseOther: !extra.next && flow.verified.length === 0,
    action: `${base(uid)}/verify`,
    csrf: services.csrf.token(uid),
    restartUrl: base(uid),
    error: extra.error ? text(extra.error) : undefined,
    notice: extra.notice ? text(extra.notice.id, extra.notice.values) : undefined,
  }, extra.status ?? 200);
}

async function renderNewPassword(services: ResetDeps, ctx: Context, uid: string, user: UserRecord, error?: string): Promise<void> {
  services.renderer.page(ctx, 'password/password-change', {
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
    errorField: error ? passwordErrorField(error) : undefined,
  }, error ? 400 : 200);
}

function resetMailboxOf(user: UserRecord | null, method: AuthenticatorRecord | null): string | undefined {
  if (method?.address) return method.address;
  return user?.emailVerified ? user.email : undefined;
}

/** The account's user and e-mail method, read by _id: the same two reads for a flow without a user. */
async function accountOf(flow: ResetFlowRecord): Promise<{ user: UserRecord | null; emailMethod: AuthenticatorRecord | null }> {
  const id = flow.userId ?? NO_USER_ID;
  const [user, emailMethod] = await Promise.all([findUserById(id), methodOf(id, 'email')]);
  return { user, emailMethod };
}

/**
 * The e-mail way, chosen or asked again: within the account's mail cap a new code replaces the
 * account's code (for every flow alike: one write), and after the response the mail is rendered
 * for every request and sent only where it can help — a code to an account that can reset with
 * one, a "you cannot reset it yourself" notice to an account that cannot. Over the cap nothing
 * is sent and the newest code already mailed keeps working; the page says so.
 */
async function emailStep(services: ResetDeps, flow: ResetFlowRecord): Promise<Notice & { sent: boolean }> {
  const now = services.clock.now();
  const [cap, account] = await Promise.all([services.resetThrottles.mail.consume(flow.accountKey), accountOf(flow)]);
  if (!cap.ok) return { id: 'reset.verify.mailCapped', values: { minutes: Math.ceil(cap.retryAfterSeconds / 60) }, sent: false };
  const code = await issueResetCode(flow.accountKey, now, services.codePepper);
  const { user, emailMethod } = account;
  const codeCanHelp = pendingMethods(flow).includes('email');
  const cannotReset = Boolean(user && !user.disabled && flow.required.length === 0);
  const to = codeCanHelp ? resetMailboxOf(user, emailMethod) : cannotReset && user ? mailAddressOf(user, emailMethod) : undefined;
  sendAfterResponse(services, () => (cannotReset ? passwordResetUnavailable({ brand: services.brand }) : resetCodeMail(services, code)), to);
  return { id: 'reset.verify.resent', sent: true };
}

async function throttled(services: ResetDeps, ctx: Context, identifier: string): Promise<number | undefined> {
  const source = clientIpOf(ctx);
  for (const [throttle, key] of [[services.resetThrottles.source, source], [services.resetThrottles.accountSource, `${identifier}|${source}`]] as const) {
    const result = await throttle.consume(key);
    if (!result.ok) return result.retryAfterSeconds;
  }
  return undefined;
}

/**
 * How an account that owes its MFA next proves it: the first method in registry order it has that
 * counts on its own (its app, or its passkey when it has no app); if it has none any more (removed
 * meanwhile), the registry's first such method, whose check then fails.
 */
async function mfaChoiceOf(user: UserRecord): Promise<ResetChoice> {
  const [first] = await methodsOfStrength(user._id.toString(), 'mfa');
  return (first ?? METHODS.find((method) => method.standalone))?.id ?? 'email';
}

export async function showForgotPassword(services: ResetDeps, ctx: Context): Promise<void> {
  const loaded = await loadInteraction(services.provider, ctx);
  renderIdentify(services, ctx, loaded);
}

export async function submitForgotPassword(services: ResetDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const policy = services.policies.current.sspr;
  if (!ssprEnabledForAnyone(policy)) {
    renderIdentify(services, ctx, loaded);
    return;
  }
  const identifier = typeof body.username === 'string' ? normaliseIdentifier(body.username.slice(0, 320)) : '';
  if (!identifier) {
    renderIdentify(services, ctx, loaded, { message: text('reset.identify.missing'), field: 'username' }, 400);
    return;
  }
  const wait = await throttled(services, ctx, identifier);
  if (wait !== undefined) {
    services.metrics.reset('refused');
    ctx.set('Retry-After', String(wait));
    renderIdentify(services, ctx, loaded, { message: text('reset.throttled', { seconds: wait }), field: '' }, 429);
    return;
  }
  const user = await findUserByLogin(identifier);
  // The same reads and the one write whether or not the account exists.
  const userId = user?._id.toString() ?? NO_USER_ID;
  const [hasMfa, emailMethod] = await Promise.all([hasMfaMethod(userId), methodOf(userId, 'email')]);
  const mailbox = user ? resetMailboxOf(user, emailMethod) : undefined;
  const required = user && !user.disabled && ssprAppliesTo(policy, user) ? requiredMethods(policy, { email: Boolean(mailbox), mfa: hasMfa }) : null;
  // A user who cannot reset (out of scope, not enough methods) gets a flow that requires nothing
  // and so can never be verified: it only lets the e-mail choice tell them to contact the admin.
  await createResetFlow(uid, user ? userId : `name:${identifier}`, services.clock.now(), user ? { id: userId, required: required ?? [] } : undefined);
  services.metrics.reset('started');
  renderChoose(services, ctx, uid);
}

function choiceOf(services: ResetDeps, value: unknown): ResetChoice | undefined {
  return resetChoices(services.policies.current.sspr).find((choice) => choice === value);
}

export async function submitForgotMethod(services: ResetDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const flow = await liveResetFlow(uid, services.clock.now());
  if (!flow || flow.state === 'password' || flow.verified.length > 0) {
    renderIdentify(services, ctx, loaded, resetEnded(), 400);
    return;
  }
  const chosen = choiceOf(services, body.method);
  if (!chosen) {
    renderChoose(services, ctx, uid, 'reset.choose.missing', 400);
    return;
  }
  const updated = await chooseMethod(flow, chosen);
  const mailed = chosen === 'email' ? await emailStep(services, updated) : undefined;
  renderVerify(services, ctx, uid, updated, { notice: mailed?.sent === false ? mailed : undefined });
}

export async function submitForgotVerify(services: ResetDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const now = services.clock.now();
  const flow = await liveResetFlow(uid, now);
  if (!flow || flow.state !== 'verify') {
    renderIdentify(services, ctx, loaded, resetEnded(), 400);
    return;
  }
  if (body.action === 'other' && flow.verified.length === 0) {
    renderChoose(services, ctx, uid);
    return;
  }
  if (body.action === 'send' && flow.chosen === 'email') {
    renderVerify(services, ctx, uid, flow, { notice: await emailStep(services, flow) });
    return;
  }
  // Every guess, right or wrong, at any flow of this account counts towards a daily cap: the
  // account's, or a device's own when the account trusts it (src/password/reset/verify-bucket.ts), so
  // strangers never block the user's own browser. It never touches the user's sign-in methods.
  const allowed = await services.resetThrottles.verify.consume(await verifyBucketOf(flow, existingDeviceIdOf(ctx)));
  if (!allowed.ok) {
    services.metrics.reset('refused');
    ctx.set('Retry-After', String(allowed.retryAfterSeconds));
    renderVerify(services, ctx, uid, flow, { error: 'reset.verify.dailyLimit', status: 429 });
    return;
  }
  const form = formOf(flow);
  const code = postedAnswer(form, body);
  const result = await verifyResetCode(flow, code, now, { pepper: services.codePepper, secretBox: services.secretBox, rp: relyingParty(services) });
  if (!result.ok) {
    if (result.reason === 'TOO_MANY_ATTEMPTS') {
      services.metrics.reset('refused');
      renderIdentify(services, ctx, loaded, { message: text('reset.tooManyAttempts'), field: '' }, 400);
      return;
    }
    const error: TextId = form.kind === 'webauthn' ? form.failed : code ? 'reset.verify.invalid' : 'reset.verify.missing';
    renderVerify(services, ctx, uid, { ...flow, failedAttempts: flow.failedAttempts + 1 }, { error, status: code ? 401 : 400 });
    return;
  }
  services.metrics.reset('verified');
  const user = await findUserById(flow.userId);
  if (!user) {
    renderIdentify(services, ctx, loaded, resetEnded(), 400);
    return;
  }
  if (result.recoveryCodesLeft !== undefined) {
    sendAfterResponse(services, () => recoveryCodeUsed({ brand: services.brand, when: now, remaining: result.recoveryCodesLeft ?? 0 }), mailAddressOf(user, await methodOf(user._id.toString(), 'email')));
  }
  const [next] = result.remaining;
  if (next) {
    // One method is verified: this person may now learn what else the account needs.
    const updated = await chooseMethod({ ...flow, verified: [...flow.verified, result.method] }, next === 'totp' ? await mfaChoiceOf(user) : next);
    const mailed = next === 'email' ? await emailStep(services, updated) : undefined;
    const address = next === 'email' ? resetMailboxOf(user, await methodOf(user._id.toString(), 'email')) : undefined;
    renderVerify(services, ctx, uid, updated, { next: { address: address ? maskAddress(address) : undefined }, notice: mailed?.sent === false ? mailed : undefined });
    return;
  }
  await renderNewPassword(services, ctx, uid, user);
}

/**
 * The reset ended every session of the account, the one this sign-in began in too (a signed-in
 * browser reaches the reset when the app asked it to sign in again): the sign-in goes on without
 * it, as one started signed out, so the user signs in with the new password instead of meeting
 * an expired sign-in.
 */
async function detachFromEndedSession(interaction: Interaction, userId: string): Promise<void> {
  if (interaction.session?.accountId !== userId) return;
  interaction.session = undefined;
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
}

export async function submitForgotNewPassword(services: ResetDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { uid, body } = loaded;
  const now = services.clock.now();
  const flow = await liveResetFlow(uid, now);
  const user = flow?.state === 'password' ? await findUserById(flow.userId) : null;
  if (!flow || !user) {
    renderIdentify(services, ctx, loaded, resetEnded(), 400);
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
    renderIdentify(services, ctx, loaded, resetEnded(), 400);
    return;
  }
  const result = await changePassword(services, user, { password, confirm, reason: 'reset', afterMfa: flow.required.includes('totp'), ip: clientIpOf(ctx) });
  if (!result.ok) {
    await renderNewPassword(services, ctx, uid, user, result.message);
    return;
  }
  services.metrics.reset('completed');
  await detachFromEndedSession(loaded.interaction, user._id.toString());
  ctx.status = 303;
  ctx.redirect(`/interaction/${uid}?reset=done`);
}
