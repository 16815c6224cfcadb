/**
 * Refresh-token grants per second, Vigil vs the bare oidc-provider, with autocannon. Refresh
 * tokens come from real sign-ins on each side (Vigil: the password flow; the baseline: its
 * instant login) and rotate on every grant, as configured in both.
 */
import { PASSWORD_ONLY } from '../flow/page-steps.ts';
import { RefreshTokenPool, tokensNeeded } from '../load/refresh-token-pool.ts';
import { runAutocannon, toLoadResult } from '../load/autocannon-run.ts';
import { KEYCLOAK } from '../report/goals.ts';
import { basicAuth, WEB_CLIENT } from '../support/bench-clients.ts';
import type { TargetProcess } from '../support/vigil-process.ts';
import { runSignIns } from './sign-in-run.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { compareWithBaseline } from './versus-baseline.ts';

async function tokenPool(context: BenchContext, target: TargetProcess, count: number): Promise<RefreshTokenPool> {
  const run = await runSignIns(context, {
    issuer: target.issuer,
    steps: PASSWORD_ONLY,
    durationMs: 60_000,
    maxCount: count,
    concurrency: 8,
    keepTokens: count,
  });
  const tokens = run.tokens.map((set) => set.refresh_token).filter((token): token is string => typeof token === 'string');
  if (tokens.length < count) throw new Error(`${target.name}: only ${tokens.length} of ${count} sign-ins gave a refresh token`);
  return new RefreshTokenPool(tokens);
}

export const refreshGrant: Scenario = {
  id: 'refresh-grant',
  title: 'Refresh-token grants',
  async run(context) {
    const connections = context.options.budget.grantConnections;
    context.progress('refresh grants: signing in to get refresh tokens');
    // Per side: a warm-up (full run) and one (quick) or two (A-B-B-A) measured runs.
    const needed = tokensNeeded(connections, context.options.quick ? 1 : 3);
    const pools = new Map<TargetProcess, RefreshTokenPool>([
      [context.vigil, await tokenPool(context, context.vigil, needed)],
      [context.baseline, await tokenPool(context, context.baseline, needed)],
    ]);
    const authorization = basicAuth(WEB_CLIENT);
    return compareWithBaseline(context, {
      idPrefix: 'refresh',
      scenario: 'Refresh token',
      label: 'refresh-token grants',
      operation: 'grant',
      keycloakPerVcpu: KEYCLOAK.refreshPerVcpu,
      seconds: context.options.budget.grantSeconds,
      overheadGoal: true,
      run: async (target, seconds) => {
        const pool = pools.get(target);
        if (!pool) throw new Error(`no refresh tokens for ${target.name}`);
        const result = await runAutocannon({
          url: target.issuer,
          connections,
          duration: seconds,
          requests: [pool.request(authorization)],
        });
        return toLoadResult(result, `refresh grants on ${target.name} (first refusal: ${pool.firstFailure ?? 'none'}; ${pool.size} tokens left)`);
      },
    });
  },
};
