/**
 * Complete password sign-ins per second against Vigil (authorize → login page → password →
 * code → token), every policy off. The risk engine still evaluates and records each attempt (it
 * is what throttles password guessing), so this is the cheapest sign-in Vigil does. Next to
 * the argon2id rate of the same run, the ratio says how much of a sign-in is anything but hashing.
 */
import { PASSWORD_ONLY } from '../flow/page-steps.ts';
import { atMost, GOALS, KEYCLOAK } from '../report/goals.ts';
import { ARGON2_RATE_ID } from './argon2-hashes.ts';
import type { Measurement } from './measurement.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { runSignIns, signInLine } from './sign-in-run.ts';

/** The share of a sign-in that is not hashing, when the hash rate of this run is known. */
export function nonHashingLine(context: BenchContext, rate: number, line: { id: string; scenario: string; withGoal: boolean }): Measurement[] {
  const hashes = context.results.get(ARGON2_RATE_ID)?.value;
  if (hashes === undefined) return [];
  const share = Math.max(0, 1 - rate / hashes);
  return [{
    id: line.id,
    scenario: line.scenario,
    label: 'share of a sign-in that is not hashing (1 − sign-ins/s ÷ hashes/s)',
    status: 'measured',
    value: share * 100,
    unit: '%',
    ...(line.withGoal ? { goal: atMost(share, GOALS.maxNonHashingShare, `≤ ${GOALS.maxNonHashingShare * 100}%`) } : {}),
  }];
}

export const passwordSignIn: Scenario = {
  id: 'password-sign-in',
  title: 'Password sign-in',
  async run(context) {
    const { budget } = context.options;
    const run = await runSignIns(context, { steps: PASSWORD_ONLY });
    return [
      signInLine(context, run, {
        id: 'passwordSignIn.perSecond',
        scenario: 'Password sign-in',
        label: `full sign-ins (authorize → login → code → token), ${budget.signInConcurrency} at a time`,
        note: `Keycloak anchor ${KEYCLOAK.passwordSignInsPerVcpu}/s per vCPU`,
      }),
      ...nonHashingLine(context, run.load.perSecond, { id: 'passwordSignIn.nonHashingShare', scenario: 'Password sign-in', withGoal: true }),
    ];
  },
};
