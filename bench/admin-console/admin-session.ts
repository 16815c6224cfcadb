/**
 * A signed-in admin for the bench without the sign-in: a member of ADMIN_GROUP created with the
 * admin CLI, and an admin console session written as the console stores one (the SHA-256 of the
 * cookie as `_id`, src/http/area-session.ts), so the driver sends `vigil_admin=<token>`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { runAdminCli, type AdminTarget } from '../support/admin-cli.ts';
import { databaseAt } from '../support/database-connections.ts';

export async function benchAdminCookie(target: AdminTarget): Promise<string> {
  const password = `bench-admin-${randomBytes(12).toString('base64url')}`;
  await runAdminCli(target, ['user', 'create', 'benchadmin', '--groups', 'vigil-admins', '--json'], `${password}\n`);
  const db = await databaseAt(target.databaseUri);
  const admin = await db.collection('users').findOne({ username: 'benchadmin' });
  if (!admin) throw new Error('the admin CLI did not store benchadmin');
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  await db.collection('admin_console_sessions').insertOne({
    _id: createHash('sha256').update(token).digest('base64url') as never,
    userId: admin._id.toString(), createdAt: now, expiresAt: new Date(now.getTime() + 24 * 60 * 60 * 1000),
    // As a passkey sign-in stores it: the console's default ADMIN_MFA_STRENGTH ends weaker sessions.
    strength: 'phishingResistant',
  });
  return `vigil_admin=${token}`;
}
