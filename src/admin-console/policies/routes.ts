/**
 * The console's policies page (README.md, "Admin console"), read-only: the active version, its
 * history with each version's field-by-field changes, and a backtest of a candidate policies.yaml
 * pasted or uploaded by the admin — validated exactly as `policy apply` validates a file (a bad
 * one is a 400 with the error) and never stored: policies change only through config and
 * `policy apply`.
 */
import type Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context } from 'koa';
import { stringify } from 'yaml';
import type { Clock } from '../../clock.ts';
import { ConfigError } from '../../config/config-error.ts';
import { parseYamlText } from '../../config/yaml-file.ts';
import { formBody } from '../../http/form.ts';
import { badRequest } from '../../http/http-error.ts';
import { diffValues } from '../../policy/diff.ts';
import { PolicyVersion, type PolicyVersionRecord } from '../../policy/policy-version.ts';
import { POLICIES_OFF, policiesSchema, type Policies } from '../../policy/schema.ts';
import { latestPolicyVersion } from '../../policy/store.ts';
import type { ConsoleKit, SignedAdmin } from '../actions/console-access.ts';
import { barList, WIDTH } from '../chart.ts';
import { BACKTEST_DAYS, backtestPolicies, DECISIONS, type Backtest } from './backtest.ts';

const HISTORY = 50;
/** A policies file is a few kilobytes; the form allows a generous margin and no more. */
const MAX_FILE = 64 * 1024;
const DECISION_NAMES: Record<string, string> = { allow: 'Allowed', mfa: 'Challenged: MFA', 'mfa+passwordChange': 'Challenged: MFA and a password change', block: 'Blocked' };

function charts(backtest: Backtest) {
  const counts = (side: 'active' | 'candidate') => DECISIONS.map((d) => ({ name: DECISION_NAMES[d] ?? d, count: backtest[side][d] }));
  return {
    activeCounts: counts('active'), candidateCounts: counts('candidate'),
    activeBars: barList(counts('active')), candidateBars: barList(counts('candidate')),
    rows: DECISIONS.map((d) => ({ name: DECISION_NAMES[d] ?? d, active: backtest.active[d], candidate: backtest.candidate[d] })),
  };
}

export function mountPoliciesPage<A extends SignedAdmin>(router: Router, clock: Clock, kit: ConsoleKit<A>): void {
  const form = bodyParser({ enableTypes: ['form'], formLimit: '128kb', parsedMethods: ['POST'] });

  async function render(ctx: Context, signed: A, extra: Record<string, unknown>, status = 200): Promise<void> {
    const [active, history] = await Promise.all([
      latestPolicyVersion(),
      PolicyVersion.find({}).sort({ version: -1 }).limit(HISTORY).lean<PolicyVersionRecord[]>(),
    ]);
    kit.page(ctx, signed, 'policies', 'Policies', {
      scripts: ['/assets/policy-file.js'], active, activeYaml: active ? stringify(active.policies) : null, history, days: BACKTEST_DAYS, width: WIDTH, show: (v: unknown) => JSON.stringify(v ?? null), ...extra,
    }, status);
  }

  router.get('/policies', async (ctx) => {
    const signed = await kit.admin(ctx);
    if (!signed) return;
    await render(ctx, signed, {});
  });

  router.post('/policies/backtest', form, async (ctx) => {
    const signed = await kit.admin(ctx);
    if (!signed) return;
    const yaml = formBody(ctx).policies;
    if (typeof yaml !== 'string') throw badRequest('invalid_form');
    if (yaml.length > MAX_FILE) {
      await render(ctx, signed, { candidateYaml: '', error: `The file is larger than ${MAX_FILE / 1024} KB: a policies file is a few kilobytes.` }, 400);
      return;
    }
    let candidate: Policies;
    try {
      candidate = parseYamlText(yaml, policiesSchema, 'the candidate policies');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      await render(ctx, signed, { candidateYaml: yaml, error: error.message }, 400);
      return;
    }
    const active = (await latestPolicyVersion())?.policies ?? POLICIES_OFF;
    const backtest = await backtestPolicies(candidate, active, clock.now());
    await render(ctx, signed, { candidateYaml: yaml, backtest, changes: diffValues(active, candidate), ...charts(backtest) });
  });
}
