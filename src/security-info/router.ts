/**
 * The security info area (like Entra's "Security info"): list methods with when they were added
 * and last used, add or replace the authenticator app, create new recovery codes, remove a
 * method. Its own session; every change needs a fresh proof of identity.
 */
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { verifyPassword } from '../password/password-hash.ts';
import { normalizePassword } from '../password/password-normalize.ts';
import { errorPages } from '../http/error-page.ts';
import { csrfFailed } from '../http/http-error.ts';
import { formBody } from '../http/form.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { advanceWizard, startWizard, type Wizard } from '../mfa/registration-wizard.ts';
import { mfaMethodRemoved } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { allMethodsOf } from '../mfa/authenticator-store.ts';
import { didMfa, hasMfaMethod, METHODS } from '../mfa/method-registry.ts';
import { NO_APP } from '../mfa/enrollment-claim.ts';
import { secondFactorError } from '../mfa/second-factor-error.ts';
import { verifySecondFactor } from '../mfa/verify-second-factor.ts';
import { lockedAnswer } from '../mfa/lockout.ts';
import { passwordErrorField } from '../password/password-change-page.ts';
import type { SelfServiceSessionRecord } from './session-record.ts';
import type { Services } from '../services.ts';
import { text, type TextId, type TextParams } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { changePassword, minimumLengthFor } from '../password/change-password.ts';
import { clientIpOf } from '../http/client-ip.ts';
import { backToApp, rememberApp } from './back-to-app.ts';
import { removalOf, removeMethod } from './methods.ts';
import { auditSecurityInfo } from '../audit/security-info.ts';
import { isFresh, markFresh, securityInfoSessions } from './session.ts';
import type { Signed } from './signed.ts';
import type { SecurityInfoActions, SecurityInfoKit } from './method-kit.ts';
import { securityInfoSignIn } from './sign-in.ts';
import { adders, authenticatorLabel, methodsIn, proofForms, securityInfoRows } from './rows.ts';
import { methodsOfStrength } from '../mfa/strength.ts';

/** The methods' scripts: every method's once the proof is fresh (to add one), a WebAuthn method's for its proof. */
function methodScripts(fresh: boolean, webauthnProof: boolean): string[] {
  const offered = METHODS.filter((method) => fresh || (webauthnProof && method.form === 'webauthn'));
  return [...new Set(offered.flatMap((method) => method.securityInfoScripts ?? []))];
}

/** The method's handler of a button posted to /security-info/methods (`remove` is security info's own). */
function securityInfoAction(action: string): SecurityInfoActions[string] | undefined {
  for (const method of METHODS) {
    if (method.securityInfoActions && Object.hasOwn(method.securityInfoActions, action)) return method.securityInfoActions[action];
  }
  return undefined;
}

/** Whether a WebAuthn method accepts the posted answer as the fresh proof. */
async function webauthnProof(services: SecurityInfoKit['services'], signed: Signed, answer: unknown): Promise<boolean> {
  for (const method of METHODS) {
    if (method.form === 'webauthn' && method.proof && await method.proof(services, signed, answer)) return true;
  }
  return false;
}

function day(date: Date | undefined): string {
  return date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : text('securityInfo.never');
}

/** What the security info area uses (its password change runs the password-changed hooks). */
export type SecurityInfoDeps = Pick<Services, 'brand' | 'clock' | 'codePepper' | 'csrf' | 'logger' | 'mailer' | 'passwordChangedHooks' | 'policies' | 'provider' | 'renderer' | 'secretBox' | 'selfServicePasswordChangeUrl' | 'settings'>;

export function selfServiceRouter(services: SecurityInfoDeps): Router {
  const router = new Router({ prefix: '/security-info' });
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '16kb', parsedMethods: ['POST'] });
  router.use(securityHeaders(), errorPages(services.renderer, services.logger));
  const csrfFor = (session: SelfServiceSessionRecord) => services.csrf.token(`security-info:${session._id}`);

  async function signedIn(ctx: Context): Promise<Signed | null> {
    const session = await securityInfoSessions.current(ctx, services.clock.now());
    if (!session) return null;
    const user = await findUserById(session.userId);
    if (!user || user.disabled) {
      await securityInfoSessions.end(ctx, session);
      return null;
    }
    return { session, user };
  }

  async function requireForm(ctx: Context): Promise<Signed | null> {
    const signed = await signedIn(ctx);
    if (!signed) {
      ctx.redirect('/security-info');
      return null;
    }
    if (!services.csrf.verify(`security-info:${signed.session._id}`, formBody(ctx).csrf)) throw csrfFailed();
    return signed;
  }

  async function render(ctx: Context, signed: Signed, extra: { notice?: TextId; error?: TextId; errorParams?: TextParams; errorField?: string; newCodes?: string[]; status?: number } = {}): Promise<void> {
    const now = services.clock.now();
    const rows = await securityInfoRows(signed.user._id.toString());
    const forms = proofForms(methodsIn(rows));
    const fresh = isFresh(signed.session, now);
    services.renderer.page(ctx, 'security-info/security-info', {
      title: text('securityInfo.title'),
      username: signed.user.username,
      csrf: csrfFor(signed.session),
      fresh,
      adders: adders(rows),
      codeForm: forms.code, webauthnForm: forms.webauthn,
      methods: rows.map((row) => ({ ...row, added: day(row.createdAt), lastUsed: day(row.lastUsedAt) })),
      rowNotices: rows.flatMap((row) => row.notice ? [row.notice] : []),
      notice: extra.notice ? text(extra.notice) : undefined,
      error: extra.error ? text(extra.error, extra.errorParams) : undefined,
      errorField: extra.errorField,
      newCodes: extra.newCodes,
      scripts: [...(extra.newCodes ? ['/assets/recovery-codes.js'] : []), ...methodScripts(fresh, forms.webauthn)],
      changePasswordUrl: services.selfServicePasswordChangeUrl,
      backToApp: await backToApp(ctx, services.provider),
    }, extra.status ?? 200);
  }

  function wizard(ctx: Context, signed: Signed): Wizard {
    return { services, ctx, user: signed.user, boundTo: `security-info:${signed.session._id}`, action: '/security-info/register', csrf: csrfFor(signed.session), backHref: '/security-info' };
  }

  const kit: SecurityInfoKit = { services, forms, signedIn, requireForm, render, csrfFor: (signed) => csrfFor(signed.session), startWizard: (ctx, signed) => startWizard(wizard(ctx, signed)) };

  router.get('/', async (ctx) => {
    rememberApp(ctx);
    const signed = await signedIn(ctx);
    if (!signed) {
      securityInfoSignIn.start(ctx, services.settings.issuer);
      return;
    }
    await render(ctx, signed);
  });

  router.get('/callback', async (ctx) => {
    const result = await securityInfoSignIn.finish(ctx, services.provider);
    if (!result.ok) {
      ctx.redirect('/security-info');
      return;
    }
    const now = services.clock.now();
    // The sign-in counts as fresh proof only if it was as strong as what changes require.
    const proven = !await hasMfaMethod(result.accountId) || didMfa(result.amr);
    await securityInfoSessions.open(ctx, result.accountId, now, { freshAt: proven ? now : new Date(0) });
    ctx.redirect('/security-info');
  });

  router.post('/verify', forms, async (ctx) => {
    const signed = await requireForm(ctx);
    if (!signed) return;
    const body = formBody(ctx);
    const now = services.clock.now();
    const userId = signed.user._id.toString();
    const forms = proofForms(await methodsOfStrength(userId, 'mfa'));
    // With a passkey and no app, the password alone is not the strongest proof the user has.
    if (forms.webauthn && (typeof body.assertion === 'string' || !forms.code)) {
      if (!await webauthnProof(services, signed, body.assertion)) {
        await render(ctx, signed, { error: 'securityInfo.verify.passkeyFailed', errorField: 'use-passkey', status: 401 });
        return;
      }
    } else if (forms.code) {
      const recoveryBox = typeof body.recovery === 'string';
      const code = recoveryBox ? body.recovery : body.code;
      const result = await verifySecondFactor({ userId, code: typeof code === 'string' ? code.slice(0, 64) : '', now, secretBox: services.secretBox });
      if (!result.ok) {
        const error = secondFactorError(result);
        const locked = result.reason === 'LOCKED' ? lockedAnswer(result.retryAfterSeconds) : undefined;
        if (locked?.retryAfter) ctx.set('Retry-After', locked.retryAfter);
        await render(ctx, signed, { error: error.id, errorParams: error.params, errorField: recoveryBox ? 'recovery-code' : 'code', status: locked?.status ?? 401 });
        return;
      }
    } else if (!(typeof body.password === 'string' && body.password.length <= 1024 && await verifyPassword(signed.user.passwordHash, normalizePassword(body.password)))) {
      await render(ctx, signed, { error: 'securityInfo.verify.invalid', errorField: 'password', status: 401 });
      return;
    }
    await markFresh(signed.session, now);
    await render(ctx, { ...signed, session: { ...signed.session, freshAt: now } });
  });

  router.post('/methods', forms, async (ctx) => {
    const signed = await requireForm(ctx);
    if (!signed) return;
    const now = services.clock.now();
    if (!isFresh(signed.session, now)) {
      await render(ctx, signed, { status: 403 });
      return;
    }
    const body = formBody(ctx);
    const methodAction = typeof body.action === 'string' && body.action !== 'remove' ? securityInfoAction(body.action) : undefined;
    if (methodAction) {
      await methodAction(ctx, signed, kit);
      return;
    }
    if (body.action === 'remove' && typeof body.method === 'string' && body.confirmed !== 'yes') {
      await renderRemoveConfirmation(ctx, signed, body.method.slice(0, 40));
      return;
    }
    if (body.action === 'remove' && typeof body.method === 'string') {
      const result = await removeMethod(signed.user, body.method.slice(0, 40), services.policies.current);
      if (!result.ok) {
        await render(ctx, signed, { error: result.reason === 'REQUIRED_BY_POLICY' ? 'securityInfo.cannotRemove' : 'error.badRequest', errorField: '', status: result.reason === 'REQUIRED_BY_POLICY' ? 409 : 404 });
        return;
      }
      const label = authenticatorLabel(result.removed.type);
      await auditSecurityInfo(services, ctx, signed.user, { action: 'security-info.method-removed', before: { method: result.removed.type }, after: { method: null } });
      await notifyUser(services.mailer, signed.user, mfaMethodRemoved({ brand: services.brand, methodLabel: label, when: now }));
      await render(ctx, signed, { notice: 'securityInfo.removed' });
      return;
    }
    await render(ctx, signed, { error: 'error.badRequest', errorField: '', status: 400 });
  });

  /** "Remove" asks first, saying what stops working; Cancel goes back to the list. */
  async function renderRemoveConfirmation(ctx: Context, signed: Signed, methodId: string): Promise<void> {
    const method = (await allMethodsOf(signed.user._id.toString())).find((m) => m._id === methodId);
    if (!method) {
      await render(ctx, signed, { error: 'error.badRequest', errorField: '', status: 404 });
      return;
    }
    const label = authenticatorLabel(method.type);
    services.renderer.page(ctx, 'security-info/security-info-remove', {
      title: text('securityInfo.confirmRemove.title', { method: label }),
      label,
      consequence: text(removalOf(method.type).consequence),
      method: methodId,
      csrf: csrfFor(signed.session),
    });
  }

  router.post('/register', forms, async (ctx) => {
    const signed = await requireForm(ctx);
    if (!signed) return;
    if (!isFresh(signed.session, services.clock.now())) {
      await render(ctx, signed, { status: 403 });
      return;
    }
    const body = formBody(ctx);
    const outcome = await advanceWizard(wizard(ctx, signed), typeof body.action === 'string' ? body.action : '', body);
    if (outcome.done) await render(ctx, signed, { notice: outcome.flow.replaces === NO_APP ? 'securityInfo.added' : 'securityInfo.replaced' });
  });

  for (const method of METHODS) method.securityInfoRoutes?.(router, kit);

  router.get('/password', async (ctx) => {
    const signed = await signedIn(ctx);
    if (!signed) {
      ctx.redirect('/security-info');
      return;
    }
    await renderPasswordPage(ctx, signed);
  });

  router.post('/password', forms, async (ctx) => {
    const signed = await requireForm(ctx);
    if (!signed) return;
    const body = formBody(ctx);
    const current = typeof body.current === 'string' && body.current.length <= 1024 ? normalizePassword(body.current) : '';
    if (!current || !await verifyPassword(signed.user.passwordHash, current)) {
      await renderPasswordPage(ctx, signed, text('passwordChange.currentWrong'), 'current');
      return;
    }
    const result = await changePassword(services, signed.user, {
      password: body.password, confirm: body.confirm, reason: 'self', afterMfa: false, ip: clientIpOf(ctx),
    });
    if (!result.ok) {
      await renderPasswordPage(ctx, signed, result.message, passwordErrorField(result.message));
      return;
    }
    await render(ctx, signed, { notice: 'securityInfo.passwordChanged' });
  });

  async function renderPasswordPage(ctx: Context, signed: Signed, error?: string, errorField?: string): Promise<void> {
    services.renderer.page(ctx, 'password/password-change', {
    scripts: ['/assets/password-meter.js'],
      title: text('passwordChange.title'),
      heading: text('passwordChange.title'),
      reason: text('passwordChange.reason.self'),
      action: '/security-info/password',
      csrf: csrfFor(signed.session),
      username: signed.user.username,
      askCurrent: true,
      minLength: await minimumLengthFor(signed.user),
      buttonAction: 'change',
      error,
      errorField,
      cancelHref: '/security-info',
    }, error ? 400 : 200);
  }

  router.post('/sign-out', forms, async (ctx) => {
    const signed = await signedIn(ctx);
    if (signed && services.csrf.verify(`security-info:${signed.session._id}`, formBody(ctx).csrf)) await securityInfoSessions.end(ctx, signed.session);
    ctx.status = 303;
    ctx.redirect('/security-info/signed-out');
  });

  router.get('/signed-out', async (ctx) => {
    services.renderer.page(ctx, 'security-info/security-info-signed-out', { title: text('securityInfo.signedOut.title'), backToApp: await backToApp(ctx, services.provider) });
  });

  return router;
}
