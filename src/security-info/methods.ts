/**
 * Removing a registration kept in the authenticators collection (the app, its recovery codes,
 * the reset e-mail) from security info, by its method's rules (`securityInfoRemoval`,
 * src/mfa/method.ts): what goes with it (the app's recovery codes), and whether the MFA
 * registration policy forbids it (a change never leaves a user without MFA it requires of them).
 */
import { allMethodsOf, deleteMethods } from '../mfa/authenticator-store.ts';
import type { AuthenticatorRecord, AuthenticatorType } from '../mfa/authenticator.ts';
import { METHODS, mfaMethod } from '../mfa/method-registry.ts';
import type { SecurityInfoRemoval } from '../mfa/method.ts';
import type { UserRecord } from '../users/user.ts';
import { appliesTo } from '../policy/applies-to.ts';
import type { Policies } from '../policy/schema.ts';

export type RemoveResult = { ok: true; removed: AuthenticatorRecord } | { ok: false; reason: 'NOT_FOUND' | 'REQUIRED_BY_POLICY' };

const PLAIN_REMOVAL: SecurityInfoRemoval = { consequence: 'securityInfo.confirmRemove.other', alsoRemoves: [], keptWhileRequired: false };

export function mfaRequiredByPolicy(policies: Policies, user: UserRecord): boolean {
  return policies.mfaRegistration.state === 'enabled' && appliesTo(policies.mfaRegistration, user);
}

/** How a record of this type is removed: its method's rules, or a plain removal (the reset e-mail). */
export function removalOf(type: AuthenticatorType): SecurityInfoRemoval {
  return METHODS.find((method) => method.id === type)?.securityInfoRemoval ?? PLAIN_REMOVAL;
}

export async function removeMethod(user: UserRecord, recordId: string, policies: Policies): Promise<RemoveResult> {
  const userId = user._id.toString();
  const record = (await allMethodsOf(userId)).find((m) => m._id === recordId);
  if (!record) return { ok: false, reason: 'NOT_FOUND' };
  const removal = removalOf(record.type);
  if (removal.keptWhileRequired && mfaRequiredByPolicy(policies, user)) return { ok: false, reason: 'REQUIRED_BY_POLICY' };
  for (const id of removal.alsoRemoves) await mfaMethod(id).removeAll(userId);
  await deleteMethods(userId, [record.type]);
  return { ok: true, removed: record };
}
