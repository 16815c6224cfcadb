/**
 * The password step. One generic failure message and the same work (a full argon2id
 * verification) whether or not the account exists; a disabled account is refused; on success
 * the login is handed to the interaction policy, which decides what else this sign-in owes.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { verifyAgainstDummy, verifyPassword } from '../../auth/password-hash.ts';
import { normalizePassword } from '../../auth/password-normalize.ts';
import { clientIpOf } from '../../http/client-ip.ts';
import { field } from '../../http/form.ts';
import { User } from '../../models/user.ts';
import { PASSWORD_ACR, PASSWORD_AMR } from '../../oidc/acr.ts';
import type { SignInStep } from '../../oidc/sign-in-result.ts';
import type { Services } from '../../services.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import { findUserByLogin } from '../../users/lookup.ts';
import { finishStep, loadPostedForm, type LoadedInteraction } from '../interaction.ts';

const loginForm = z.object({
  csrf: field(200),
  username: field(320),
  password: field(1024),
  action: z.literal('login').optional(),
});

export function showLogin(services: Services, ctx: Context, loaded: LoadedInteraction, extra: { error?: TextId; errorParams?: Record<string, string | number>; username?: string; status?: number; notice?: TextId } = {}): void {
  const uid = loaded.interaction.uid;
  const loginHint = loaded.interaction.params.login_hint;
  services.renderer.page(ctx, 'login', {
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

  const throttled = await services.loginThrottle.consume(clientIpOf(ctx));
  if (!throttled.ok) {
    ctx.set('Retry-After', String(throttled.retryAfterSeconds));
    showLogin(services, ctx, loaded, { error: 'login.throttled', errorParams: { seconds: throttled.retryAfterSeconds }, username, status: 429 });
    return;
  }

  const password = normalizePassword(parsed.data.password);
  const user = await findUserByLogin(parsed.data.username);
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password).then(() => false);
  if (!user || !passwordOk) {
    showLogin(services, ctx, loaded, { error: 'login.failed', username, status: 401 });
    return;
  }
  if (user.disabled) {
    showLogin(services, ctx, loaded, { error: 'login.disabled', username, status: 403 });
    return;
  }

  const now = services.clock.now();
  await User.updateOne({ _id: user._id }, { $set: { lastSignInAt: now } });
  const step: SignInStep = { step: 'password', signInRisk: 'none' };
  await finishStep(services.provider, ctx, {
    login: { accountId: user._id.toString(), acr: PASSWORD_ACR, amr: PASSWORD_AMR, remember: true },
    vigil: step,
  }, false);
}
