/**
 * Ending every way a user is signed in: OIDC sessions and refresh tokens, and the security-info
 * and admin console sessions (a stolen or disabled account must not keep a way in).
 */
import { adminSessions } from '../../admin-console/session.ts';
import { revokeAllForAccount } from '../../oidc/adapter.ts';
import { securityInfoSessions } from '../../security-info/session.ts';

/** The number of OIDC sessions and tokens ended (the area sessions are not counted). */
export async function endEverySession(userId: string): Promise<number> {
  const revoked = await revokeAllForAccount(userId);
  await securityInfoSessions.endAllOf(userId);
  await adminSessions.endAllOf(userId);
  return revoked;
}
