/**
 * Disabling and enabling a user, and requiring a password change, as `user disable|enable|
 * require-password-change` and the console do them. Disabling ends every session and refresh
 * token at once. Each writes one audit event with the field as it was and as it became.
 */
import { recordAudit } from '../../audit/record-audit.ts';
import { User, type UserRecord } from '../../users/user.ts';
import { onUser } from '../audit-action.ts';
import type { ActionBy } from './actor.ts';
import { endEverySession } from './end-sessions.ts';

type Subject = Pick<UserRecord, '_id' | 'username' | 'disabled'>;

export async function disableUser(user: Subject, by: ActionBy): Promise<{ revoked: number }> {
  await User.updateOne({ _id: user._id }, { $set: { disabled: true } });
  const revoked = await endEverySession(user._id.toString());
  await recordAudit(by.audit, { action: 'user.disable', ...onUser(user), before: { disabled: user.disabled }, after: { disabled: true, sessionsEnded: revoked } }, by.at);
  return { revoked };
}

export async function enableUser(user: Subject, by: ActionBy): Promise<void> {
  await User.updateOne({ _id: user._id }, { $set: { disabled: false } });
  await recordAudit(by.audit, { action: 'user.enable', ...onUser(user), before: { disabled: user.disabled }, after: { disabled: false } }, by.at);
}

export async function requirePasswordChange(user: Pick<UserRecord, '_id' | 'username' | 'mustChangePassword'>, by: ActionBy): Promise<void> {
  await User.updateOne({ _id: user._id }, { $set: { mustChangePassword: true } });
  await recordAudit(by.audit, { action: 'user.require-password-change', ...onUser(user),
    before: { mustChangePassword: user.mustChangePassword }, after: { mustChangePassword: true } }, by.at);
}
