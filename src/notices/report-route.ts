/**
 * "This wasn't me": the link in the new-sign-in e-mail. Opening it only asks for confirmation
 * (mail scanners follow links); confirming spends the single-use token, raises the user's risk
 * to high and ends every session and refresh token, so the next sign-in goes through MFA and a
 * secure password change.
 */
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { errorPages } from '../http/error-page.ts';
import { csrfFailed } from '../http/http-error.ts';
import { formBody } from '../http/form.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { revokeAllForAccount } from '../oidc/adapter.ts';
import type { Services } from '../services.ts';
import { text, type TextId } from '../text/catalogue.ts';

/** What the report page uses. */
export type ReportRouteDeps = Pick<Services, 'renderer' | 'logger' | 'csrf' | 'reportLinks'>;

export function reportRouter(services: ReportRouteDeps): Router {
  const router = new Router({ prefix: '/report' });
  router.use(securityHeaders(), errorPages(services.renderer, services.logger));
  const tokenOf = (ctx: Context): string => String(ctx.params.token ?? '').slice(0, 400);
  const page = (ctx: Context, heading: TextId, message: TextId, extra: Record<string, unknown> = {}, status = 200) =>
    services.renderer.page(ctx, 'notices/report', { title: text(heading), heading: text(heading), message: text(message), ...extra }, status);

  router.get('/:token', async (ctx) => {
    const token = tokenOf(ctx);
    const status = await services.reportLinks.status(token);
    if (status === 'ALREADY_USED') {
      page(ctx, 'report.title', 'report.used');
      return;
    }
    if (status !== 'OPEN') {
      page(ctx, 'report.title', 'report.invalid', { alert: true }, 400);
      return;
    }
    page(ctx, 'report.title', 'report.question', { action: `/report/${encodeURIComponent(token)}`, csrf: services.csrf.token(`report:${token}`) });
  });

  router.post('/:token', bodyParser({ enableTypes: ['form'], formLimit: '4kb' }), async (ctx) => {
    const token = tokenOf(ctx);
    if (!services.csrf.verify(`report:${token}`, formBody(ctx).csrf)) throw csrfFailed();
    const result = await services.reportLinks.consume(token);
    if (result.status === 'ALREADY_USED') {
      page(ctx, 'report.title', 'report.used');
      return;
    }
    if (result.status !== 'OK') {
      page(ctx, 'report.title', 'report.invalid', { alert: true }, 400);
      return;
    }
    await revokeAllForAccount(result.userId);
    page(ctx, 'report.done.title', 'report.done.body');
  });
  return router;
}
