/**
 * Finding users by what people type, through the login index (src/users/login-index.ts). Input
 * is checked to be a plain string before it reaches a query, so `{"$gt": ""}` or `login[$ne]=`
 * can never become a query operator.
 */
import { Types } from 'mongoose';
import { User, type UserRecord } from './user.ts';
import { userByLogin } from './login-index.ts';
import { normaliseIdentifier } from './username.ts';

export async function findUserByLogin(identifier: unknown): Promise<UserRecord | null> {
  if (typeof identifier !== 'string') return null;
  const value = normaliseIdentifier(identifier);
  if (!value || value.length > 320) return null;
  // Usernames cannot contain "@" (src/users/username.ts), so an identifier is one or the other.
  return userByLogin(value.includes('@') ? 'email' : 'username', value);
}

export async function findUserById(id: unknown): Promise<UserRecord | null> {
  if (typeof id !== 'string' || !Types.ObjectId.isValid(id)) return null;
  return User.findById(id).lean<UserRecord>();
}

export async function findUserByUsername(username: string): Promise<UserRecord | null> {
  return userByLogin('username', normaliseIdentifier(username));
}
