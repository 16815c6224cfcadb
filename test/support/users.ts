/** Test users written straight to the database (setup only; behaviour is exercised over HTTP). */
import { hashPassword } from '../../src/auth/password-hash.ts';
import { User, emailKeyFor, type UserRecord } from '../../src/models/user.ts';

export const DEFAULT_PASSWORD = 'quartz-meadow-lantern-42';

export async function createTestUser(fields: { username: string; password?: string; email?: string; groups?: string[]; disabled?: boolean }): Promise<UserRecord> {
  const email = fields.email ?? `${fields.username}@example.test`;
  const user = await User.create({
    username: fields.username,
    email,
    emailVerified: true,
    emailKey: emailKeyFor(fields.username, email),
    passwordHash: await hashPassword(fields.password ?? DEFAULT_PASSWORD),
    passwordChangedAt: new Date(),
    groups: fields.groups ?? [],
    disabled: fields.disabled ?? false,
  });
  return user.toObject();
}
