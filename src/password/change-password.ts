/**
 * Setting a user's new password, whatever asked for it (a forced change at sign-in, the security
 * info page, a self-service reset): the rules, the two entries matching, the hash, ending other
 * sessions and refresh tokens, the notification e-mail, and the hooks (the risk engine
 * remediates user risk when the change followed MFA).
 */
import { hashPassword } from './password-hash.ts';
import { normalizePassword } from './password-normalize.ts';
import { passwordChanged } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { hasMfaMethod } from '../mfa/method-registry.ts';
import { User, type UserRecord } from '../users/user.ts';
import { revokeAllForAccount, revokeOtherSessionsForAccount } from '../oidc/adapter.ts';
import type { Services } from '../services.ts';
import { text } from '../text/catalogue.ts';
import { checkPasswordForUser } from './password-rules-service.ts';
import { recordAudit, selfActor } from '../audit/record-audit.ts';
import type { PasswordChangedEvent, PasswordChangeReason } from './password-changed-event.ts';

export type ChangePasswordResult = { ok: true } | { ok: false; message: string };

export async function minimumLengthFor(user: UserRecord): Promise<number> {
  return await hasMfaMethod(user._id.toString()) ? 8 : 15;
}

/** What a password change uses. */
export type ChangePasswordDeps = Pick<Services, 'brand' | 'clock' | 'mailer' | 'passwordChangedHooks' | 'settings'>;

export async function changePassword(services: ChangePasswordDeps, user: UserRecord, input: {
  password: unknown;
  confirm: unknown;
  reason: PasswordChangeReason;
  afterMfa: boolean;
  /** The OIDC session completing this sign-in, kept alive; omit to end every session. */
  keepSessionId?: string;
  ip?: string;
}): Promise<ChangePasswordResult> {
  if (typeof input.password !== 'string' || typeof input.confirm !== 'string' || input.password.length > 4096) {
    return { ok: false, message: text('password.tooShort', { min: await minimumLengthFor(user) }) };
  }
  const password = normalizePassword(input.password);
  if (password !== normalizePassword(input.confirm)) return { ok: false, message: text('password.mismatch') };
  const userId = user._id.toString();
  const onlyFactor = !await hasMfaMethod(userId);
  const check = await checkPasswordForUser(password, user, { configDir: services.settings.configDir, serviceName: services.brand.productName, onlyFactor });
  if (!check.ok) return { ok: false, message: check.message };

  const now = services.clock.now();
  await User.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(password), passwordChangedAt: now, mustChangePassword: false } });
  await recordAudit(selfActor(user, input.ip), {
    action: 'security-info.password-changed', target: { kind: 'user', id: userId }, user: user.username,
    before: { passwordChangedAt: user.passwordChangedAt, mustChangePassword: user.mustChangePassword },
    after: { passwordChangedAt: now, mustChangePassword: false, reason: input.reason },
  }, now);
  if (input.reason === 'risk' || input.reason === 'admin') await revokeOtherSessionsForAccount(userId, input.keepSessionId);
  else await revokeAllForAccount(userId);
  const event: PasswordChangedEvent = { userId, reason: input.reason, afterMfa: input.afterMfa, at: now };
  for (const hook of services.passwordChangedHooks) await hook(event);
  await notifyUser(services.mailer, user, passwordChanged({ brand: services.brand, when: now, ip: input.ip }));
  return { ok: true };
}
