/**
 * Complete password sign-ins per second (authorize → login page → password → code → token),
 * every policy off, against Vigil and against the bare oidc-provider with only an argon2id check
 * on its login page (bench/baseline/password-page.ts), A-B-B-A. The risk engine still evaluates
 * and records each attempt in Vigil (it is what throttles password guessing), so this is the
 * cheapest sign-in Vigil does. Next to the argon2id rate of the same run, the non-hashing share
 * says how much of a sign-in is anything but hashing; the bare side's share is the floor that
 * the protocol and the database set on this machine before Vigil does anything.
 */
import { PASSWORD_ONLY } from '../flow/page-steps.ts';
import { atMost, GOALS, KEYCLOAK } from '../report/goals.ts';
import { ARGON2_RATE_ID } from './argon2-hashes.ts';
import type { Measurement } from './measurement.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { runSignIns } from './sign-in-run.ts';
import { compareWithBaseline } from './versus-baseline.ts';

const PASSWORD_SIGN_IN_RATE_ID = 'passwordSignIn.vigil.perSecond';
const BARE_SIGN_IN_RATE_ID = 'passwordSignIn.baseline.perSecond';

/** The share of a sign-in that is not hashing, when the hash rate of this run is known. */
export function nonHashingLine(context: BenchContext, rate: number, line: { id: string; scenario: string; withGoal: boolean; of?: string }): Measurement[] {
  const hashes = context.results.get(ARGON2_RATE_ID)?.value;
  if (hashes === undefined) return [];
  const share = Math.max(0, 1 - rate / hashes);
  return [{
    id: line.id,
    scenario: line.scenario,
    label: `share of a sign-in${line.of ? ` ${line.of}` : ''} that is not hashing (1 − sign-ins/s ÷ hashes/s)`,
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
    const scenario = 'Password sign-in';
    const compared = await compareWithBaseline(context, {
      idPrefix: 'passwordSignIn',
      scenario,
      label: `full sign-ins (authorize → login → code → token), ${budget.signInConcurrency} at a time`,
      operation: 'sign-in',
      seconds: budget.signInSeconds,
      overheadGoal: false,
      run: async (target, seconds) => (await runSignIns(context, { issuer: target.issuer, steps: PASSWORD_ONLY, durationMs: seconds * 1000 })).load,
    });
    const rate = (id: string): number => compared.find((line) => line.id === id)?.value ?? 0;
    const described = compared.map((line) => line.id === PASSWORD_SIGN_IN_RATE_ID
      ? { ...line, note: `${line.note ?? ''}; Keycloak anchor ${KEYCLOAK.passwordSignInsPerVcpu}/s per vCPU` }
      : line);
    return [
      ...described,
      ...nonHashingLine(context, rate(PASSWORD_SIGN_IN_RATE_ID), { id: 'passwordSignIn.nonHashingShare', scenario, withGoal: true }),
      ...nonHashingLine(context, rate(BARE_SIGN_IN_RATE_ID), { id: 'passwordSignIn.baseline.nonHashingShare', scenario, withGoal: false, of: 'on the bare oidc-provider' }),
    ];
  },
};
