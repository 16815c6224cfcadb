/**
 * The one way a user comes into being (admin CLI, demo seed, tests, bench): the logins are
 * claimed in the login index first, then the user is written with the id they point to, then
 * the claims are confirmed. A name someone else holds is an expected outcome, not an error.
 */
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import { emailKeyFor, User, type UserRecord } from './user.ts';
import { claimLogins, confirmLogins, loginsOf, releaseLogins, yieldLogins } from './login-index.ts';
import { normaliseIdentifier } from './username.ts';

export interface NewUser {
  username: string;
  email?: string | undefined;
  emailVerified?: boolean;
  displayName?: string | undefined;
  passwordHash: string;
  passwordChangedAt: Date;
  groups?: string[];
  disabled?: boolean;
  mustChangePassword?: boolean;
}

export type CreateUserResult =
  | { status: 'OK'; user: UserRecord }
  | { status: 'USERNAME_TAKEN' }
  | { status: 'EMAIL_TAKEN' };

function taken(kind: 'username' | 'email'): CreateUserResult {
  return { status: kind === 'email' ? 'EMAIL_TAKEN' : 'USERNAME_TAKEN' };
}

/** `fields.username` and `fields.email` must already be valid; they are stored as logins compare them. */
export async function createUser(fields: NewUser, now: Date): Promise<CreateUserResult> {
  const _id = new Types.ObjectId();
  const username = normaliseIdentifier(fields.username);
  const email = fields.email ? normaliseIdentifier(fields.email) : undefined;
  const claim = await claimLogins({ _id, username, email }, now);
  if (!claim.ok) return taken(claim.taken);
  let user: UserRecord;
  try {
    user = (await User.create({
      _id,
      username,
      email,
      emailVerified: fields.emailVerified ?? false,
      emailKey: emailKeyFor(username, email),
      displayName: fields.displayName,
      passwordHash: fields.passwordHash,
      passwordChangedAt: fields.passwordChangedAt,
      groups: fields.groups ?? [],
      disabled: fields.disabled ?? false,
      mustChangePassword: fields.mustChangePassword ?? false,
    })).toObject();
  } catch (error) {
    if (isDuplicateKeyError(error)) return taken(await yieldLogins(_id, { username, email }));
    await releaseLogins(_id, loginsOf({ username, email }));
    throw error;
  }
  await confirmLogins(user, now);
  return { status: 'OK', user };
}
