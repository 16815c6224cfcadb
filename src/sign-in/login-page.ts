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
import { hasMfaMethod } from '../mfa/method-registry.ts';
import { field } from '../http/form.ts';
import { PASSWORD_AMR } from '../oidc/acr.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { decideAtPassword } from './decide.ts';
import { beginAttempt, finishFirstFactor, type FirstFactorDeps } from './first-factor.ts';
import { findUserByLogin } from '../users/lookup.ts';
import { loadPostedForm, type LoadedInteraction } from './interaction.ts';

const loginForm = z.object({
  csrf: field(200),
  username: field(320),
  password: field(1024),
  action: z.literal('login').optional(),
});

/** The login page's scripts: the vendored WebAuthn helpers and the passkey button and autofill. */
const PASSKEY_SIGN_IN_SCRIPTS = ['/assets/simplewebauthn-browser.js', '/assets/passkey-sign-in.js'];

/** What the login page shows with. */
export type LoginPageDeps = Pick<Services, 'csrf' | 'renderer'>;

/** What the password step uses. */
export type LoginDeps = LoginPageDeps & FirstFactorDeps & Pick<Services, 'policies' | 'provider'>;

export function showLogin(services: LoginPageDeps, ctx: Context, loaded: LoadedInteraction, extra: { error?: TextId; errorParams?: Record<string, string | number>; errorField?: string; username?: string; status?: number; notice?: TextId } = {}): void {
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
    errorField: extra.errorField,
    passkeyAction: `/interaction/${uid}/passkey`,
    passkeyOptions: `/interaction/${uid}/passkey-options`,
    scripts: PASSKEY_SIGN_IN_SCRIPTS,
  }, extra.status ?? 200);
}

export async function submitLogin(services: LoginDeps, ctx: Context): Promise<void> {
  const loaded = await loadPostedForm(services.provider, services.csrf, ctx);
  const { body } = loaded;
  const parsed = loginForm.safeParse(body);
  const username = typeof body.username === 'string' ? body.username.slice(0, 320) : '';
  if (!parsed.success || !parsed.data.username.trim() || !parsed.data.password) {
    showLogin(services, ctx, loaded, { error: 'login.missingFields', username, status: 400 });
    return;
  }

  const user = await findUserByLogin(parsed.data.username);
  const begun = await beginAttempt(services, ctx, loaded, parsed.data.username, user?._id.toString());
  if ('retryAfterSeconds' in begun) {
    showLogin(services, ctx, loaded, { error: 'login.throttled', errorParams: { seconds: begun.retryAfterSeconds }, username, status: 429 });
    return;
  }
  const { attempt, snapshot } = begun;

  const password = normalizePassword(parsed.data.password);
  const passwordOk = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  // A trusted device's own bucket counts only its failed passwords.
  if (passwordOk) await begun.giveBack?.();
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
  const refused = await finishFirstFactor(services, ctx, loaded, { first: 'password', user, assessment, verdict, amr: PASSWORD_AMR });
  if (refused) showLogin(services, ctx, loaded, { error: refused, username, status: 403 });
}
