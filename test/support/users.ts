/** Test users, created the way the admin CLI creates them (setup only; behaviour is exercised over HTTP). */
import { hashPassword } from '../../src/password/password-hash.ts';
import type { UserRecord } from '../../src/users/user.ts';
import { createUser } from '../../src/users/create-user.ts';

export const DEFAULT_PASSWORD = 'quartz-meadow-lantern-42';

export async function createTestUser(fields: { username: string; password?: string; email?: string; groups?: string[]; disabled?: boolean }): Promise<UserRecord> {
  const created = await createUser({
    username: fields.username,
    email: fields.email ?? `${fields.username}@example.test`,
    emailVerified: true,
    passwordHash: await hashPassword(fields.password ?? DEFAULT_PASSWORD),
    passwordChangedAt: new Date(),
    groups: fields.groups ?? [],
    disabled: fields.disabled ?? false,
  }, new Date());
  if (created.status !== 'OK') throw new Error(`test user ${fields.username}: ${created.status}`);
  return created.user;
}
