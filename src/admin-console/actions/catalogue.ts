/**
 * The console's actions, each a thin call of the shared action the CLI runs too
 * (src/admin/actions/): on a user (from their detail page) or on one recorded sign-in (from its
 * detail page). `path` is the URL segment; `key` names its words in texts.ts.
 */
import { confirmUserCompromised } from '../../admin/actions/confirm-compromised.ts';
import { confirmSignInCompromised, confirmSignInSafe, type SignInVerdictResult } from '../../admin/actions/confirm-sign-in.ts';
import { dismissUserRisk } from '../../admin/actions/dismiss-risk.ts';
import type { ActionBy } from '../../admin/actions/actor.ts';
import { resetMfa } from '../../admin/actions/reset-mfa.ts';
import { disableUser, enableUser, requirePasswordChange } from '../../admin/actions/user-access.ts';
import type { RiskEngine } from '../../risk/engine.ts';
import { text, type TextId } from '../../text/catalogue.ts';
import type { UserRecord } from '../../users/user.ts';

type UserActionKey = 'dismissRisk' | 'confirmCompromised' | 'requirePasswordChange' | 'resetMfa' | 'disable' | 'enable';
type SignInActionKey = 'confirmSignInSafe' | 'confirmSignInCompromised';
export type ActionKey = UserActionKey | SignInActionKey;

export interface UserAction {
  path: string;
  key: UserActionKey;
  /**
   * It would end the acting admin's own access (their sessions, their account or the MFA the
   * console demands): refused on their own account, so a slip cannot lock the last admin out.
   */
  endsOwnAccess: boolean;
  run(engine: RiskEngine, user: UserRecord, by: ActionBy): Promise<unknown>;
}

export interface SignInAction {
  path: string;
  key: SignInActionKey;
  /** As a user action's: refused on the acting admin's own sign-ins. */
  endsOwnAccess: boolean;
  run(engine: RiskEngine, id: string, by: ActionBy): Promise<SignInVerdictResult>;
}

export const USER_ACTIONS: readonly UserAction[] = [
  { path: 'dismiss-risk', key: 'dismissRisk', endsOwnAccess: false, run: (engine, user, by) => dismissUserRisk(engine, user, by) },
  { path: 'confirm-compromised', key: 'confirmCompromised', endsOwnAccess: true, run: (engine, user, by) => confirmUserCompromised(engine, user, by) },
  { path: 'require-password-change', key: 'requirePasswordChange', endsOwnAccess: false, run: (_engine, user, by) => requirePasswordChange(user, by) },
  { path: 'reset-mfa', key: 'resetMfa', endsOwnAccess: true, run: (_engine, user, by) => resetMfa(user, by) },
  { path: 'disable', key: 'disable', endsOwnAccess: true, run: (_engine, user, by) => disableUser(user, by) },
  { path: 'enable', key: 'enable', endsOwnAccess: false, run: (_engine, user, by) => enableUser(user, by) },
];

export const SIGN_IN_ACTIONS: readonly SignInAction[] = [
  { path: 'confirm-safe', key: 'confirmSignInSafe', endsOwnAccess: false, run: confirmSignInSafe },
  { path: 'confirm-compromised', key: 'confirmSignInCompromised', endsOwnAccess: true, run: confirmSignInCompromised },
];

export const actionText = (key: ActionKey, part: 'title' | 'body' | 'button' | 'done'): TextId => `admin.action.${key}.${part}`;

/** The result notice a `?done=` on a user's page names, or null: only a known action key shows one. */
export function actionNotice(done: unknown, name: string): string | null {
  const all: readonly ActionKey[] = [...USER_ACTIONS.map((a) => a.key), ...SIGN_IN_ACTIONS.map((a) => a.key)];
  const key = all.find((candidate) => candidate === done);
  return key ? text(actionText(key, 'done'), { name }) : null;
}
