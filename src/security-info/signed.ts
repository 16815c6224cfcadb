/** A signed-in security-info request: its session and its user. */
import type { SelfServiceSessionRecord } from './session-record.ts';
import type { UserRecord } from '../users/user.ts';

export interface Signed {
  session: SelfServiceSessionRecord;
  user: UserRecord;
}

/** What binds a one-time thing (a CSRF token, a WebAuthn challenge, a wizard) to this session. */
export function sessionBinding(signed: Signed): string {
  return `security-info:${signed.session._id}`;
}
