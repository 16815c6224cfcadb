/**
 * The admin console at /admin (README.md, "Admin console"): overview, risky users, a user's
 * detail with "confirm compromised", and the audit trail. Signed in through Vigil itself with
 * MFA; every request re-reads the session (by `_id`) and the user's admin group membership, and
 * every POST checks a CSRF token bound to the session.
 */
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { errorPages } from '../http/error-page.ts';
import { formBody } from '../http/form.ts';
import { csrfFailed } from '../http/http-error.ts';
import { securityHeaders } from '../http/security-headers.ts';
import type { UserRecord } from '../users/user.ts';
import { readProfile } from '../risk/profile-store.ts';
import { userRiskLevel } from '../risk/user-risk.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { findUserById } from '../users/lookup.ts';
import { mountListRoutes } from './lists/routes.ts';
import { recentDetectionsOf, recentSignInsOf } from './user-activity.ts';
import { adminSessions, type AdminSessionRecord } from './session.ts';
import { adminConsoleSignIn, provedStrength, sessionMeetsStrength, strengthRefusal } from './sign-in.ts';
import { actionNotice } from './actions/catalogue.ts';
import { mountActionRoutes } from './actions/routes.ts';
import { mountAuditPage } from './audit-page.ts';
import { mountOverviewPage } from './overview-page.ts';
import { mountPoliciesPage } from './policies/routes.ts';

interface Admin { session: AdminSessionRecord; user: UserRecord }

const RECENT = 20;
const time = (date: Date | string | null | undefined): string => (date ? new Date(date).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

/** What the console uses: its pages and sign-in, and the risk engine its actions call. */
export type AdminConsoleDeps = Pick<Services, 'clock' | 'csrf' | 'logger' | 'provider' | 'renderer' | 'risk' | 'settings'>;

export function adminConsoleRouter(services: AdminConsoleDeps): Router {
  const router = new Router({ prefix: '/admin' });
  const signIn = adminConsoleSignIn(services.settings.adminMfaStrength);
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '16kb', parsedMethods: ['POST'] });
  router.use(securityHeaders(), errorPages(services.renderer, services.logger));
  const binding = (session: AdminSessionRecord): string => `admin-console:${session._id}`;
  const isAdmin = (user: UserRecord | null): user is UserRecord => Boolean(user && !user.disabled && user.groups.includes(services.settings.adminGroup));

  function forbidden(ctx: Context, message: TextId): void {
    services.renderer.page(ctx, 'error', { title: text('admin.notAllowed.title'), heading: text('admin.notAllowed.title'), message: text(message) }, 403);
  }

  /** The signed-in admin, or null once the response (sign-in redirect or 403) is set. */
  async function admin(ctx: Context): Promise<Admin | null> {
    const current = await adminSessions.current(ctx, services.clock.now());
    const session = current && sessionMeetsStrength(current, services.settings.adminMfaStrength) ? current : null;
    if (current && !session) await adminSessions.end(ctx, current);
    if (!session) {
      if (ctx.method === 'GET') signIn.start(ctx, services.settings.issuer);
      else ctx.redirect('/admin');
      return null;
    }
    // Membership is read fresh on every request: removing someone from the group ends their access.
    const user = await findUserById(session.userId);
    if (!isAdmin(user)) {
      await adminSessions.end(ctx, session);
      forbidden(ctx, 'admin.notAllowed.notAdmin');
      return null;
    }
    if (ctx.method === 'POST' && !services.csrf.verify(binding(session), formBody(ctx).csrf)) throw csrfFailed();
    return { session, user };
  }

  function page(ctx: Context, signed: Admin, template: string, title: string, data: Record<string, unknown> = {}, status = 200): void {
    services.renderer.page(ctx, `admin/${template}`, { title, admin: signed.user.username, csrf: services.csrf.token(binding(signed.session)), time, ...data }, status);
  }

  router.get('/callback', async (ctx) => {
    const result = await signIn.finish(ctx, services.provider);
    if (!result.ok) {
      forbidden(ctx, 'admin.notAllowed.signInFailed');
      return;
    }
    const user = await findUserById(result.accountId);
    if (!isAdmin(user)) {
      forbidden(ctx, 'admin.notAllowed.notAdmin');
      return;
    }
    const refusal = strengthRefusal(result, services.settings.adminMfaStrength);
    if (refusal) {
      forbidden(ctx, refusal);
      return;
    }
    await adminSessions.open(ctx, result.accountId, services.clock.now(), { strength: provedStrength(result.amr) });
    ctx.redirect('/admin');
  });

  mountOverviewPage(router, services.clock, { admin, page });

  mountListRoutes(router, services, { admin, page });

  async function subject(ctx: Context): Promise<UserRecord | null> {
    const user = await findUserById(ctx.params.id);
    if (!user) ctx.throw(404);
    return user;
  }

  router.get('/users/:id', async (ctx) => {
    const signed = await admin(ctx);
    if (!signed) return;
    const user = await subject(ctx);
    if (!user) return;
    const userId = user._id.toString();
    const now = services.clock.now();
    const profile = await readProfile(userId);
    page(ctx, signed, 'user', user.username, {
      user: { id: userId, username: user.username, disabled: user.disabled, mustChangePassword: user.mustChangePassword },
      riskLevel: userRiskLevel(profile, now),
      riskState: profile?.userRiskState ?? 'none',
      detections: await recentDetectionsOf(userId, now, RECENT),
      signIns: await recentSignInsOf(userId, now, RECENT),
      notice: actionNotice(ctx.query.done, user.username),
    });
  });

  mountActionRoutes(router, services, { admin, page }, forms);

  mountAuditPage(router, { admin, page });
  mountPoliciesPage(router, services.clock, { admin, page });

  router.post('/sign-out', forms, async (ctx) => {
    const signed = await admin(ctx);
    if (!signed) return;
    await adminSessions.end(ctx, signed.session);
    services.renderer.page(ctx, 'error', { title: text('admin.signedOut.title'), heading: text('admin.signedOut.title'), message: text('admin.signedOut.body') });
  });

  return router;
}
