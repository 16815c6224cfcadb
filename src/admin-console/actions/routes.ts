/**
 * The console's actions (README.md, "Admin console"): for each, a GET confirmation page and a
 * POST that runs the shared action (src/admin/actions/, as the CLI does) and sends the admin back
 * to the user's page with a result notice. The router's `admin` check re-reads the session and
 * group membership and verifies the CSRF token on every POST; an unknown id is a 404, a form
 * without the confirming button a 400.
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { ActionBy } from '../../admin/actions/actor.ts';
import { isSignInId } from '../../admin/actions/confirm-sign-in.ts';
import { clientIpOf } from '../../http/client-ip.ts';
import { formBody } from '../../http/form.ts';
import { badRequest, HttpError } from '../../http/http-error.ts';
import { SignInEvent, type SignInEventRecord } from '../../risk/models/sign-in-event.ts';
import type { Services } from '../../services.ts';
import { text } from '../../text/catalogue.ts';
import { findUserById } from '../../users/lookup.ts';
import type { UserRecord } from '../../users/user.ts';
import { actionText, SIGN_IN_ACTIONS, USER_ACTIONS, type ActionKey, type SignInAction, type UserAction } from './catalogue.ts';
import type { ConsoleKit, SignedAdmin } from './console-access.ts';

const ownAccount = (): HttpError => new HttpError(409, 'own_account', 'admin.action.ownAccount');

const minute = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function mountActionRoutes<A extends SignedAdmin>(router: Router, services: Pick<Services, 'clock' | 'risk'>, kit: ConsoleKit<A>, forms: Middleware): void {
  const by = (ctx: Context, signed: A): ActionBy => ({
    riskActor: signed.user.username, audit: { actor: signed.user.username, from: clientIpOf(ctx) }, at: services.clock.now(),
  });

  function confirmPage(ctx: Context, signed: A, key: ActionKey, names: Record<string, string>, action: string, cancel: string): void {
    const title = text(actionText(key, 'title'), names);
    kit.page(ctx, signed, 'confirm-action', title, {
      heading: title, body: text(actionText(key, 'body')), button: text(actionText(key, 'button')), action, cancel,
    });
  }

  /** Only the confirmation page's own button confirms: anything else is not a confirmation. */
  function requireConfirmation(ctx: Context): void {
    if (formBody(ctx).action !== 'confirm') throw badRequest('not_confirmed');
  }

  async function subject(ctx: Context, signed: A, action: UserAction): Promise<UserRecord> {
    const user = await findUserById(ctx.params.id);
    if (!user) ctx.throw(404);
    if (action.endsOwnAccess && user._id.toString() === signed.user._id.toString()) throw ownAccount();
    return user;
  }

  async function signIn(ctx: Context, signed: A, action: SignInAction): Promise<SignInEventRecord> {
    const id: unknown = ctx.params.id;
    const event = isSignInId(id) ? await SignInEvent.collection.findOne<SignInEventRecord>({ _id: id as never }) : null;
    if (!event || event.expiresAt <= services.clock.now()) ctx.throw(404);
    if (action.endsOwnAccess && event.userId === signed.user._id.toString()) throw ownAccount();
    return event;
  }

  for (const action of USER_ACTIONS) {
    router.get(`/users/:id/${action.path}`, async (ctx) => {
      const signed = await kit.admin(ctx);
      if (!signed) return;
      const user = await subject(ctx, signed, action);
      const id = user._id.toString();
      confirmPage(ctx, signed, action.key, { name: user.username }, `/admin/users/${id}/${action.path}`, `/admin/users/${id}`);
    });
    router.post(`/users/:id/${action.path}`, forms, async (ctx) => {
      const signed = await kit.admin(ctx);
      if (!signed) return;
      const user = await subject(ctx, signed, action);
      requireConfirmation(ctx);
      await action.run(services.risk, user, by(ctx, signed));
      ctx.status = 303;
      ctx.redirect(`/admin/users/${user._id.toString()}?done=${action.key}`);
    });
  }

  for (const action of SIGN_IN_ACTIONS) {
    router.get(`/sign-ins/:id/${action.path}`, async (ctx) => {
      const signed = await kit.admin(ctx);
      if (!signed) return;
      const event = await signIn(ctx, signed, action);
      confirmPage(ctx, signed, action.key, { name: event.username, time: minute(event.at) },
        `/admin/sign-ins/${event._id}/${action.path}`, `/admin/sign-ins/${event._id}`);
    });
    router.post(`/sign-ins/:id/${action.path}`, forms, async (ctx) => {
      const signed = await kit.admin(ctx);
      if (!signed) return;
      const event = await signIn(ctx, signed, action);
      requireConfirmation(ctx);
      const result = await action.run(services.risk, event._id, by(ctx, signed));
      if (result.status !== 'OK') ctx.throw(404);
      ctx.status = 303;
      ctx.redirect(event.userId ? `/admin/users/${event.userId}?done=${action.key}` : `/admin/sign-ins/${event._id}`);
    });
  }
}
