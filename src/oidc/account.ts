/**
 * oidc-provider's account lookup. A disabled or deleted user has no account, which also makes
 * every refresh of their tokens fail with invalid_grant.
 */
import type { Account, KoaContextWithOIDC } from 'oidc-provider';
import type { UserRecord } from '../users/user.ts';
import { userForRequest } from './request-user.ts';
import { releasedProfileClaims } from './standard-claims.ts';

/** Standalone claims (null) are always eligible; the rest come with their scope. */
export const CLAIMS = {
  acr: null,
  amr: null,
  auth_time: null,
  sid: null,
  iss: null,
  // Every ID token says how and when the user authenticated, not only when the app asks.
  openid: ['sub', 'acr', 'amr', 'auth_time'],
  profile: ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  groups: ['groups'],
};

/**
 * A refresh-token grant for a user whose risk the user-risk policy enforces is refused: the app
 * has to send the user through an interactive sign-in, where MFA and the password change happen.
 */
export type RefreshGuard = (user: UserRecord) => Promise<boolean>;

export function accountFinder(refreshAllowed: RefreshGuard) {
  return async function findAccount(ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
    const user = await userForRequest(ctx, sub);
    if (!user || user.disabled) return undefined;
    const grantType = (ctx.oidc?.params as { grant_type?: unknown } | undefined)?.grant_type;
    if (ctx.oidc?.route === 'token' && grantType === 'refresh_token' && !await refreshAllowed(user)) return undefined;
    return accountOf(user, sub);
  };
}

function accountOf(user: UserRecord, sub: string): Account {
  return {
    accountId: sub,
    async claims() {
      return {
        sub,
        preferred_username: user.username,
        name: user.displayName ?? user.username,
        ...releasedProfileClaims(user.profile),
        updated_at: Math.floor(user.updatedAt.getTime() / 1000),
        ...(user.email ? { email: user.email, email_verified: user.emailVerified } : {}),
        groups: user.groups,
      };
    },
  };
}
