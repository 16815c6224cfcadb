/** Liveness (the process answers) and readiness (the database answers), as JSON for probes. */
import type { Context } from 'koa';
import { isDatabaseReady } from '../db/connect.ts';
import { RETRY_AFTER_SECONDS } from './unavailable.ts';

export function healthz(ctx: Context): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { status: 'ok' };
}

export async function readyz(ctx: Context): Promise<void> {
  const database = await isDatabaseReady();
  ctx.set('Cache-Control', 'no-store');
  ctx.status = database ? 200 : 503;
  if (!database) ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
  ctx.body = { status: database ? 'ready' : 'unavailable', checks: { database: database ? 'ok' : 'unreachable' } };
}
