/**
 * Resident memory of the Vigil process with 10,000 active sessions. The process that served all
 * the earlier load is measured first (its RSS mostly reflects V8's heap grown during the
 * high-rate runs), then Vigil is restarted so the goal figure is about sessions, not about
 * earlier bursts. Sessions come from complete password sign-ins through the flow driver (as
 * many as `realSessions` within the time budget), and the rest are copies of one of those sessions written straight to the database — justified
 * because Vigil holds no per-session state in memory (sessions are MongoDB records) and because
 * on FerretDB 1.24 real sign-ins slow down as sessions accumulate (README: "Sessions"). A sample
 * of the seeded sessions is then used through Vigil (prompt=none → code) to show they are live,
 * and a refresh-grant run shows what 10,000 sessions cost a lookup by session uid: its tokens
 * come from the last sign-ins, made after the seeding, so their sessions sit at the end of the
 * collection (FerretDB scans in insertion order and stops at the first match).
 */
import { PASSWORD_ONLY } from '../flow/page-steps.ts';
import { silentAuthorization } from '../flow/silent-authorization.ts';
import { runAutocannon, toLoadResult } from '../load/autocannon-run.ts';
import { runClosedLoop, type LoadResult } from '../load/closed-loop.ts';
import { RefreshTokenPool, tokensNeeded } from '../load/refresh-token-pool.ts';
import { atMost, GOALS, KEYCLOAK } from '../report/goals.ts';
import { basicAuth, WEB_CLIENT } from '../support/bench-clients.ts';
import { countActiveSessions } from '../support/oidc-state.ts';
import { peakRssBytes, rssBytes } from '../support/proc-stats.ts';
import { signedSessionCookie } from '../support/session-cookie.ts';
import { seedSessions } from '../support/session-seeding.ts';
import { BENCH_COOKIE_KEY } from '../support/vigil-process.ts';
import type { Measurement } from './measurement.ts';
import { runSignIns } from './sign-in-run.ts';
import type { Scenario } from './scenario.ts';

const MB = 1024 * 1024;

export const sessionsMemory: Scenario = {
  id: 'sessions-memory',
  title: 'Memory with active sessions',
  async run(context) {
    const { budget } = context.options;
    const uri = context.database.uriFor('vigil');
    // Few connections: with 10,000 sessions each refresh grant takes a large fraction of a second.
    const connections = 4;
    const measureRefresh = budget.loadAtTargetSeconds > 0;

    const afterLoad = { rss: rssBytes(context.vigil.pid) / MB, peak: peakRssBytes(context.vigil.pid) / MB };
    context.progress('sessions: restarting Vigil');
    await context.restartVigil();

    const tokenCount = measureRefresh ? tokensNeeded(connections, 1) : 0;
    const real = Math.min(budget.realSessions, budget.targetSessions);
    context.progress(`sessions: up to ${real} complete sign-ins`);
    const first = await runSignIns(context, {
      steps: PASSWORD_ONLY,
      durationMs: budget.sessionSignInMaxSeconds * 1000,
      maxCount: Math.max(1, real - tokenCount),
      concurrency: budget.signInConcurrency,
    });
    const missing = Math.max(0, budget.targetSessions - (await countActiveSessions(uri)) - tokenCount);
    context.progress(`sessions: seeding ${missing} copies of a real session`);
    const seeded = missing > 0 ? await seedSessions(uri, missing) : [];
    context.progress(`sessions: ${tokenCount} more sign-ins for refresh tokens`);
    const last = tokenCount === 0 ? undefined : await runSignIns(context, {
      steps: PASSWORD_ONLY,
      durationMs: 120_000,
      maxCount: tokenCount,
      concurrency: budget.signInConcurrency,
      keepTokens: tokenCount,
    });
    const active = await countActiveSessions(uri);
    const signedIn = first.load.completed + (last?.load.completed ?? 0);

    context.progress(`sessions: using ${Math.min(budget.sessionSamples, seeded.length)} seeded sessions through Vigil`);
    const samples = seeded.filter((_, index) => index % Math.max(1, Math.floor(seeded.length / budget.sessionSamples)) === 0).slice(0, budget.sessionSamples);
    const silent = samples.length === 0 ? undefined : await runClosedLoop({
      concurrency: 4,
      durationMs: 60_000,
      maxCount: samples.length,
      task: (index) => silentAuthorization(context.vigil.issuer, { sessionCookie: signedSessionCookie(samples[index] ?? '', BENCH_COOKIE_KEY), clientIp: context.nextPerson().ip }),
    });

    let refresh: LoadResult | undefined;
    let refreshProblem = 'full run only (each grant takes a large fraction of a second with 10,000 sessions on FerretDB)';
    if (last) {
      context.progress(`sessions: refresh grants with ${active} sessions`);
      const pool = new RefreshTokenPool(last.tokens.map((set) => set.refresh_token).filter((token): token is string => typeof token === 'string'));
      try {
        refresh = toLoadResult(await runAutocannon({
          url: context.vigil.issuer,
          connections,
          duration: budget.loadAtTargetSeconds,
          requests: [pool.request(basicAuth(WEB_CLIENT))],
        }), `refresh grants with ${active} sessions (first refusal: ${pool.firstFailure ?? 'none'})`);
      } catch (error) {
        // A figure that cannot be had at this size is a finding, not a reason to lose the run.
        refreshProblem = (error as Error).message;
      }
    }

    // Let the last requests' garbage be collected in the normal course before reading RSS.
    await new Promise((resolve) => setTimeout(resolve, context.options.quick ? 1000 : 3000));
    const rss = rssBytes(context.vigil.pid) / MB;
    const peak = peakRssBytes(context.vigil.pid) / MB;
    const reached = active >= GOALS.sessions;
    return [
      {
        id: 'memory.sessions',
        scenario: 'Memory',
        label: 'active sessions in Vigil\'s database',
        status: 'measured',
        value: active,
        unit: 'sessions',
        note: `${signedIn} from complete password sign-ins (${first.load.perSecond.toFixed(1)}/s${last ? `; after seeding ${last.load.perSecond.toFixed(1)}/s` : ''}), ${seeded.length} seeded copies of a real session`
          + (silent ? `; ${silent.completed} of ${samples.length} sampled seeded sessions accepted by Vigil (prompt=none → code)` : ''),
      },
      ...(silent ? [{
        id: 'memory.silentAuthorization.perSecond',
        scenario: 'Memory',
        label: `silent authorizations (prompt=none) with ${active} sessions, 4 at a time`,
        status: 'measured',
        value: silent.perSecond,
        unit: '/s',
        perVcpu: silent.perSecond / context.vcpus,
        p50Ms: silent.p50Ms,
        p99Ms: silent.p99Ms,
        note: `${silent.completed} ok, ${silent.failed} failed ${JSON.stringify(silent.failures)}`,
      } satisfies Measurement] : []),
      refresh ? {
        id: 'memory.refresh.perSecond',
        scenario: 'Memory',
        label: `refresh-token grants — Vigil, with ${active} sessions, ${connections} at a time`,
        status: 'measured',
        value: refresh.perSecond,
        unit: '/s',
        perVcpu: refresh.perSecond / context.vcpus,
        p50Ms: refresh.p50Ms,
        p99Ms: refresh.p99Ms,
        note: `${refresh.completed} grants; compare refresh.vigil.perSecond (near-empty collections)`,
      } : {
        id: 'memory.refresh.perSecond',
        scenario: 'Memory',
        label: 'refresh-token grants — Vigil, with 10,000 sessions',
        status: 'skipped',
        note: refreshProblem,
      },
      {
        id: 'memory.rssMb',
        scenario: 'Memory',
        label: `Vigil resident memory (RSS) with ${active} active sessions`,
        status: 'measured',
        value: rss,
        unit: 'MB',
        goal: atMost(rss, GOALS.maxRssMbWith10kSessions, `< ${GOALS.maxRssMbWith10kSessions} MB${reached ? '' : ' (at 10,000)'}`),
        note: `fresh process: sign-ins, seeding, silent authorizations${refresh ? ', refresh grants' : ''} since its start; its peak ${peak.toFixed(0)} MB; Keycloak anchor ${KEYCLOAK.memoryMbFor10kSessions} MB`,
      },
      {
        id: 'memory.rssAfterLoadMb',
        scenario: 'Memory',
        label: 'Vigil resident memory (RSS) after every load scenario above (before the restart)',
        status: 'measured',
        value: afterLoad.rss,
        unit: 'MB',
        note: `peak ${afterLoad.peak.toFixed(0)} MB; see bench/README.md "Memory" for where it goes`,
      },
    ];
  },
};
