/**
 * The one answer to "does this policy apply to this user": included (all users, by name or by
 * group) and not excluded (by name or by group). Exclusion always wins, as in Entra, so a
 * break-glass account stays reachable whatever the include list says.
 */
import type { PolicyScope } from './schema.ts';

export interface PolicySubject {
  username: string;
  groups: ReadonlyArray<string>;
}

export function appliesTo(scope: PolicyScope, user: PolicySubject): boolean {
  const username = user.username.toLowerCase();
  const inGroup = (groups: ReadonlyArray<string>): boolean => groups.some((group) => user.groups.includes(group));
  const named = (users: ReadonlyArray<string>): boolean => users.some((name) => name.toLowerCase() === username);

  const included = scope.include.users === 'all' || named(scope.include.users) || inGroup(scope.include.groups);
  if (!included) return false;
  return !named(scope.exclude.users) && !inGroup(scope.exclude.groups);
}
