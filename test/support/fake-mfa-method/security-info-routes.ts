/** The fake PIN's own routes in security info (its `securityInfoRoutes`): add one, remove it; both need the fresh proof. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { formBody } from '../../../src/http/form.ts';
import type { SecurityInfoKit } from '../../../src/security-info/method-kit.ts';
import { isFresh } from '../../../src/security-info/session.ts';
import type { Signed } from '../../../src/security-info/signed.ts';
import { putPin, removePin } from './store.ts';

export const PIN_PATTERN = /^\d{8}$/;

export function pinRoutes(router: Router, kit: SecurityInfoKit): void {
  async function freshForm(ctx: Context): Promise<Signed | null> {
    const signed = await kit.requireForm(ctx);
    if (!signed) return null;
    if (isFresh(signed.session, kit.services.clock.now())) return signed;
    await kit.render(ctx, signed, { status: 403 });
    return null;
  }

  router.post('/pin/add', kit.forms, async (ctx) => {
    const signed = await freshForm(ctx);
    if (!signed) return;
    const pin = formBody(ctx).pin;
    if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) {
      await kit.render(ctx, signed, { error: 'error.badRequest', errorField: 'pin', status: 400 });
      return;
    }
    await putPin(signed.user._id.toString(), pin, kit.services.clock.now());
    await kit.render(ctx, signed, { notice: 'securityInfo.added' });
  });

  router.post('/pin/remove', kit.forms, async (ctx) => {
    const signed = await freshForm(ctx);
    if (!signed) return;
    await removePin(signed.user._id.toString());
    await kit.render(ctx, signed, { notice: 'securityInfo.removed' });
  });
}
