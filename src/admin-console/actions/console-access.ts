/**
 * What the console's router lends the modules it mounts: its session-and-admin check (null once it
 * has answered with a sign-in redirect or a 403; a POST's CSRF token is checked there too) and its
 * page renderer (nav, CSRF token and the admin's name filled in).
 */
import type { Context } from 'koa';
import type { UserRecord } from '../../users/user.ts';

export interface SignedAdmin { user: Pick<UserRecord, '_id' | 'username'> }

export interface ConsoleKit<A extends SignedAdmin> {
  admin(ctx: Context): Promise<A | null>;
  page(ctx: Context, signed: A, template: string, title: string, data?: Record<string, unknown>, status?: number): void;
}
