/** Liveness (the process answers) and readiness (the database answers), as JSON for probes. */
import type { Context } from 'koa';
import { isDatabaseReady } from '../db/connect.ts';

export function healthz(ctx: Context): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { status: 'ok' };
}

export async function readyz(ctx: Context): Promise<void> {
  const database = await isDatabaseReady();
  ctx.set('Cache-Control', 'no-store');
  ctx.status = database ? 200 : 503;
  ctx.body = { status: database ? 'ready' : 'unavailable', checks: { database: database ? 'ok' : 'unreachable' } };
}
