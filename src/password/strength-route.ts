/**
 * The strength meter's server side: zxcvbn-ts's estimate for a candidate password (with the
 * user's own identifiers counted as guessable), so pages need no client-side dictionary. It
 * stores and logs nothing, and is throttled per source so it is no oracle for anything.
 */
import type { Context } from 'koa';
import { passwordStrength } from './password-strength.ts';
import { text, type TextId } from '../text/catalogue.ts';
import { clientIpOf } from '../http/client-ip.ts';
import { formBody } from '../http/form.ts';
import type { Throttle } from '../db/throttle.ts';

const LABELS: TextId[] = ['strength.0', 'strength.1', 'strength.2', 'strength.3', 'strength.4'];

export function strengthEndpoint(throttle: Throttle) {
  return async function strength(ctx: Context): Promise<void> {
    ctx.set('Cache-Control', 'no-store');
    const limited = await throttle.consume(clientIpOf(ctx));
    if (!limited.ok) {
      ctx.status = 429;
      ctx.set('Retry-After', String(limited.retryAfterSeconds));
      ctx.body = { error: 'throttled' };
      return;
    }
    const body = formBody(ctx);
    const password = typeof body.password === 'string' ? body.password.slice(0, 256) : '';
    const username = typeof body.username === 'string' ? body.username.slice(0, 320) : '';
    const report = passwordStrength(password, username ? [username, ...username.split(/[@.]/)] : []);
    ctx.body = { score: report.score, label: text(LABELS[report.score] ?? 'strength.0') };
  };
}
