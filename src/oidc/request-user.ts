/**
 * The user record as one request sees it. oidc-provider's account lookup and Vigil's interaction
 * checks both need the signed-in user while resuming an authorization; reading it once per
 * request saves a database round trip on every sign-in.
 */
import type { UserRecord } from '../models/user.ts';
import { findUserById } from '../users/lookup.ts';

const perRequest = new WeakMap<object, Map<string, Promise<UserRecord | null>>>();

export function userForRequest(ctx: object, id: string): Promise<UserRecord | null> {
  let users = perRequest.get(ctx);
  if (!users) {
    users = new Map();
    perRequest.set(ctx, users);
  }
  let user = users.get(id);
  if (!user) {
    user = findUserById(id);
    users.set(id, user);
  }
  return user;
}
