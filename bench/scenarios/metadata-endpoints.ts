/**
 * Discovery and JWKS requests per second (GET, no database), with autocannon; the bare
 * oidc-provider alongside for reference (no goal: issue 7 asks for the figure).
 */
import { runAutocannon, toLoadResult } from '../load/autocannon-run.ts';
import type { Measurement } from './measurement.ts';
import type { BenchContext, Scenario } from './scenario.ts';
import { compareWithBaseline } from './versus-baseline.ts';

function staticGet(context: BenchContext, path: string, idPrefix: string, scenario: string, label: string): Promise<Measurement[]> {
  return compareWithBaseline(context, {
    idPrefix,
    scenario,
    label,
    operation: 'request',
    seconds: context.options.budget.staticSeconds,
    overheadGoal: false,
    run: async (target, seconds) => toLoadResult(await runAutocannon({
      url: `${target.issuer}${path}`,
      connections: context.options.budget.staticConnections,
      duration: seconds,
    }), `${label} on ${target.name}`),
  });
}

export const discovery: Scenario = {
  id: 'discovery',
  title: 'Discovery requests',
  run: (context) => staticGet(context, '/.well-known/openid-configuration', 'discovery', 'Discovery', 'discovery requests'),
};

export const jwks: Scenario = {
  id: 'jwks',
  title: 'JWKS requests',
  run: (context) => staticGet(context, '/jwks', 'jwks', 'JWKS', 'JWKS requests'),
};
