/**
 * Which changes between two policy sets weaken protection, so `policy apply` can name them and
 * ask for `--allow-weaker` before storing them: a state further from `enabled`, a risk level
 * raised, a longer grace period, a weaker authentication strength (phishingResistant to mfa), an
 * include scope narrowed, an exclusion added, fewer reset methods required or another way to
 * prove a reset. Settings of a policy that was off, or is
 * switched off (the state says it), weaken nothing more.
 */
import type { Policies, PolicyScope, PolicyState, PolicyStrength } from './schema.ts';

const STATE_STRENGTH: Record<PolicyState, number> = { disabled: 0, reportOnly: 1, enabled: 2 };
/** A policy acting at a lower level fires on more sign-ins. */
const LEVEL_STRENGTH: Record<'low' | 'medium' | 'high', number> = { low: 2, medium: 1, high: 0 };

const STRENGTH_RANK: Record<PolicyStrength, number> = { mfa: 0, phishingResistant: 1 };

type Compare = (a: string, b: string) => boolean;
const sameName: Compare = (a, b) => a.toLowerCase() === b.toLowerCase();
const sameGroup: Compare = (a, b) => a === b;

/** Entries of `from` that `to` no longer has. */
function lost(from: ReadonlyArray<string>, to: ReadonlyArray<string>, same: Compare): boolean {
  return from.some((entry) => !to.some((other) => same(entry, other)));
}

function narrowedScope(policy: string, before: PolicyScope, after: PolicyScope): string[] {
  const narrowed: string[] = [];
  if (after.include.users !== 'all') {
    if (before.include.users === 'all' || lost(before.include.users, after.include.users, sameName)) narrowed.push(`${policy}.include.users`);
    if (lost(before.include.groups, after.include.groups, sameGroup)) narrowed.push(`${policy}.include.groups`);
  }
  if (lost(after.exclude.users, before.exclude.users, sameName)) narrowed.push(`${policy}.exclude.users`);
  if (lost(after.exclude.groups, before.exclude.groups, sameGroup)) narrowed.push(`${policy}.exclude.groups`);
  return narrowed;
}

/** The paths (as in the diff) whose change weakens protection; empty when nothing does. */
export function weakenedPaths(before: Policies, after: Policies): string[] {
  const paths: string[] = [];
  for (const policy of ['mfaRegistration', 'signInRisk', 'userRisk'] as const) {
    if (STATE_STRENGTH[after[policy].state] < STATE_STRENGTH[before[policy].state]) paths.push(`${policy}.state`);
    if (before[policy].state === 'disabled' || after[policy].state === 'disabled') continue;
    paths.push(...narrowedScope(policy, before[policy], after[policy]));
    if (STRENGTH_RANK[after[policy].strength] < STRENGTH_RANK[before[policy].strength]) paths.push(`${policy}.strength`);
    if (policy === 'mfaRegistration') {
      if (after[policy].gracePeriodDays > before[policy].gracePeriodDays) paths.push(`${policy}.gracePeriodDays`);
    } else if (LEVEL_STRENGTH[after[policy].level] < LEVEL_STRENGTH[before[policy].level]) {
      paths.push(`${policy}.level`);
    }
  }
  if (before.sspr.enabledFor !== 'none' && after.sspr.enabledFor !== 'none') {
    if (after.sspr.methodsRequired < before.sspr.methodsRequired) paths.push('sspr.methodsRequired');
    if (lost(after.sspr.methods, before.sspr.methods, sameGroup)) paths.push('sspr.methods');
  }
  return paths.sort();
}
