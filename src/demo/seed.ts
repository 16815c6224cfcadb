/**
 * Development seed: on an empty local database, one demo user so the quick start can sign in.
 * Never runs in production.
 */
import { hashPassword } from '../password/password-hash.ts';
import type { Clock } from '../clock.ts';
import { User } from '../users/user.ts';
import { createUser } from '../users/create-user.ts';

export const DEMO_USER = { username: 'demo', email: 'demo@example.com', password: 'tangerine-otter-lighthouse' } as const;

export async function seedDemoUser(clock: Clock): Promise<boolean> {
  if (await User.exists({})) return false;
  const created = await createUser({
    username: DEMO_USER.username,
    email: DEMO_USER.email,
    emailVerified: true,
    displayName: 'Demo User',
    passwordHash: await hashPassword(DEMO_USER.password),
    passwordChangedAt: clock.now(),
    groups: ['staff'],
  }, clock.now());
  return created.status === 'OK';
}
