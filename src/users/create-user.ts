/**
 * The one way a user comes into being (admin CLI, demo seed, tests, bench): the logins are
 * claimed in the login index first, then the user is written with the id they point to. A name
 * someone else holds is an expected outcome, not an error.
 */
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import { emailKeyFor, User, type UserRecord } from '../models/user.ts';
import { claimLogins, loginKeysOf, releaseLogins } from './login-index.ts';

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

/** `fields.username` and `fields.email` must already be validated; they are stored lower-case. */
export async function createUser(fields: NewUser, now: Date): Promise<CreateUserResult> {
  const _id = new Types.ObjectId();
  const username = fields.username.trim().toLowerCase();
  const email = fields.email?.trim().toLowerCase();
  const claim = await claimLogins({ _id, username, email }, now);
  if (!claim.ok) return { status: claim.taken === 'email' ? 'EMAIL_TAKEN' : 'USERNAME_TAKEN' };
  try {
    const user = await User.create({
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
    });
    return { status: 'OK', user: user.toObject() };
  } catch (error) {
    await releaseLogins(_id, loginKeysOf({ username, email }).map(({ key }) => key));
    // A user written before the login index existed and not yet indexed holds the name.
    if (isDuplicateKeyError(error)) return { status: /emailKey/.test(String((error as Error).message)) ? 'EMAIL_TAKEN' : 'USERNAME_TAKEN' };
    throw error;
  }
}
