/**
 * The refresh grant's share of the sign-in decision (README.md, "How a sign-in is decided", step
 * 2): a user whose risk the user-risk policy enforces on gets `invalid_grant` until remediated.
 * The same decision as at sign-in (decide.ts `userRiskDecision`); the user's risk is read only
 * when the policy could act on it, since a refresh grant is hot. (A disabled user is refused by
 * the provider's account lookup.)
 */
import type { UserRecord } from '../users/user.ts';
import type { CheckDeps } from './check-deps.ts';
import { userRiskDecision } from './decide.ts';

export type RefreshGuardDeps = Pick<CheckDeps, 'policies' | 'userRiskLevel'>;

export function refreshGuard(deps: RefreshGuardDeps): (user: UserRecord) => Promise<boolean> {
  return async (user) => await userRiskDecision(deps.policies.current, user, () => deps.userRiskLevel(user._id.toString())) !== 'enforce';
}
