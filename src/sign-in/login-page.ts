/**
 * The password step. One generic failure message and the same work (a full argon2id
 * verification) whether or not the account exists; a disabled account is refused; a new device
 * that owes MFA only because of an attack is refused with the reason when the user has no MFA
 * (both decided by src/sign-in/decide.ts); on success the decision starts the sign-in flow, and
 * the interaction policy reads it for what else the sign-in owes.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { verifyAgainstDummy, verifyPassword } from '../password/password-hash.ts';
import { normalizePassword } from '../password/password-normalize.ts';
import { clientIpOf } from '../http/client-ip.ts';
import { deviceIdOf } from '../http/device-cookie.ts';
import { hasMfaMethod } from '../mfa/method-registry.ts';
import { sendSignInNotice, shouldNotify } from '../notices/sign-in-notice.ts';
import type { AttackKind } from '../risk/under-attack.ts';
import { field } from '../http/form.ts';
import { User } from '../users/user.ts';
import { PASSWORD_ACR, PASSWORD_AMR } from '../oidc/acr.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { decideAtPassword, outcomeOf } from './decide.ts';
import { stepResult } from './steps.ts';
import { findUserByLogin } from '../users/lookup.ts';
import { finishStep, loadPostedForm, type LoadedInteraction } from './interaction.ts';

const ATTACK_TEXT: Record<AttackKind, TextId> = { account: 'login.underAttack.account', source: 'login.underAttack.source' };

const loginForm = z.object({
  csrf: field(200),
  username: field(320),
  password: field(1024),
  action: z.literal('login').optional(),
});

export function showLogin(services: Services, ctx: Context, loaded: LoadedInteraction, extra: { error?: TextId; errorParams?: Record<string, string | number>; username?: string; status?: number; notice?: TextId } = {}): void {
  const uid = loaded.interaction.uid;
  const loginHint = loaded.interaction.params.login_hint;
  services.renderer.page(ctx, 'sign-in/login', {
    title: text('login.title'),
    clientName: loaded.clientName,
    action: `/interaction/${uid}/login`,
    csrf: services.csrf.token(uid),
    username: extra.username ?? (typeof loginHint === 'string' ? loginHint : ''),
    error: extra.error ? text(extra.error, extra.errorParams) : undefined,
    forgotUrl: `/interaction/${uid}/forgot`,
    notice: extra.notice ? text(extra.notice) : undefined,
  }, extra.status ?? 200);
}

export async function submitLogin(services: Services, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { body } = loaded;
  const parsed = loginForm.safeParse(body);
  const username = typeof body.username === 'string' ? body.username.slice(0, 320) : '';
  if (!parsed.success || !parsed.data.username.trim() || !parsed.data.password) {
    showLogin(services, ctx, loaded, { error: 'login.missingFields', username, status: 400 });
    return;
  }

  const ip = clientIpOf(ctx);
  const deviceId = deviceIdOf(ctx);
  const userAgent = (ctx.get('user-agent') || '').slice(0, 512);
  const user = await findUserByLogin(parsed.data.username);
  const userId = user?._id.toString();
  const attempt = { username: parsed.data.username.slice(0, 320), userId, clientId: loaded.clientId, ip, deviceId, userAgent };

  const snapshot = await services.risk.snapshot({ ip, userId });
  const throttle = await services.risk.throttle({ ip, userId, deviceId, snapshot });
  if (throttle.throttle) {
    await services.risk.record(await services.risk.assess({ ...attempt, passwordOk: false }, snapshot), { outcome: 'throttled' });
    ctx.set('Retry-After', String(throttle.retryAfterSeconds));
    showLogin(services, ctx, loaded, { error: 'login.throttled', errorParams: { seconds: throttle.retryAfterSeconds }, username, status: 429 });
    return;
  }

  const password = normalizePassword(parsed.data.password);
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  // A trusted device's own bucket counts only its failed passwords.
  if (passwordOk) await throttle.giveBack?.();
  const assessment = await services.risk.assess({ ...attempt, passwordOk, password: passwordOk ? password : undefined, passwordChangedAt: user?.passwordChangedAt }, snapshot);
  if (!user || !passwordOk) {
    await services.risk.record(assessment, { outcome: user ? 'failedPassword' : 'unknownUser' });
    showLogin(services, ctx, loaded, { error: 'login.failed', username, status: 401 });
    return;
  }
  const verdict = await decideAtPassword({
    policies: services.policies.current, user, signInRisk: assessment.signInRisk, userRisk: assessment.userRisk,
    detections: assessment.detections, hasMfa: () => hasMfaMethod(user._id.toString()),
  });
  if (verdict.kind === 'refused') {
    const { eventId } = await services.risk.record(assessment, { outcome: 'blocked', decisions: verdict.records });
    if (verdict.reason === 'disabled') {
      showLogin(services, ctx, loaded, { error: 'login.disabled', username, status: 403 });
      return;
    }
    // A device the account does not trust, during an attack, and no MFA to prove it is the user:
    // refused as Entra would, with the reason, so the user knows to use a device they signed in from before.
    sendSignInNotice(services, user, assessment, eventId);
    showLogin(services, ctx, loaded, { error: ATTACK_TEXT[verdict.reason], username, status: 403 });
    return;
  }
  const { decision } = verdict;
  const { eventId } = await services.risk.record(assessment, { outcome: outcomeOf(decision), decisions: decision.records });
  if (shouldNotify(assessment)) sendSignInNotice(services, user, assessment, eventId);
  await User.updateOne({ _id: user._id }, { $set: { lastSignInAt: services.clock.now() } });
  const step = { step: 'password' as const, signInId: eventId, clientId: loaded.clientId, signInRisk: assessment.signInRisk, userRisk: assessment.userRisk, decision };
  await finishStep(ctx, loaded.interaction, stepResult(step, { accountId: user._id.toString(), acr: PASSWORD_ACR, amr: PASSWORD_AMR }));
}
