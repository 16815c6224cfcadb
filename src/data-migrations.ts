/**
 * Every data migration, in order: run at boot before anything is served, and by the admin CLI
 * before its command (it may be the first to open an upgraded database). Each runs once per
 * database (src/db/run-once.ts).
 */
import type { Logger } from './log.ts';
import { migrateAuthenticatorIds } from './mfa/authenticator-store.ts';
import { backfillLoginIndex } from './users/login-index.ts';

export async function runDataMigrations(now: Date, logger?: Logger): Promise<void> {
  const indexed = await backfillLoginIndex(now);
  if (indexed > 0) logger?.info({ logins: indexed }, 'indexed the logins of existing users');
  const moved = await migrateAuthenticatorIds(now);
  if (moved > 0) logger?.info({ methods: moved }, 'moved MFA methods to their per-user ids');
}
