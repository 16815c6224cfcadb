/**
 * Resetting a user's MFA, as `mfa reset` and the console do it: every TOTP, recovery-code and
 * passkey method removed (the user registers again at their next sign-in), one audit event
 * listing what was there.
 */
import { recordAudit } from '../../audit/record-audit.ts';
import { allMethodsOf } from '../../mfa/authenticator-store.ts';
import { METHODS } from '../../mfa/method-registry.ts';
import { passkeysOf } from '../../mfa/passkeys/store.ts';
import { registeredMethods } from '../../mfa/registered-methods.ts';
import { User, type UserRecord } from '../../users/user.ts';
import { onUser } from '../audit-action.ts';
import type { ActionBy } from './actor.ts';

export async function resetMfa(user: Pick<UserRecord, '_id' | 'username'>, by: ActionBy): Promise<{ removed: number }> {
  const userId = user._id.toString();
  const methods = (await allMethodsOf(userId)).map((m) => m.type);
  const passkeys = (await passkeysOf(userId)).map((p) => p.name);
  const registrations = await registeredMethods(userId);
  // Every method of the registry, one after the other (a method's own store knows how).
  let removed = 0;
  for (const method of METHODS) removed += await method.removeAll(userId);
  await User.updateOne({ _id: user._id }, { $unset: { mfaRegistrationStartedAt: 1 } });
  await recordAudit(by.audit, { action: 'mfa.reset', ...onUser(user), before: { methods, passkeys, registrations },
    after: { methods: methods.filter((type) => type !== 'totp' && type !== 'recovery'), passkeys: [], registrations: await registeredMethods(userId) } }, by.at);
  return { removed };
}
