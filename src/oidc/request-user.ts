/**
 * The user record as one request sees it. oidc-provider's account lookup and Vigil's interaction
 * checks both need the signed-in user while resuming an authorization; reading it once per
 * request saves a database round trip on every sign-in.
 */
import { perRequest } from '../http/request-cache.ts';
import type { UserRecord } from '../users/user.ts';
import { findUserById } from '../users/lookup.ts';

const users = perRequest<UserRecord | null>();

export function userForRequest(ctx: object, id: string): Promise<UserRecord | null> {
  return users.get(ctx, () => findUserById(id), id);
}
