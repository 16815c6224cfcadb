/**
 * Client-credentials grants per second (POST /token, client_secret_basic), Vigil vs the bare
 * oidc-provider, with autocannon. Each grant stores one ClientCredentials token; every run
 * starts from an empty token collection on both sides, because on FerretDB 1.24 the cost of
 * storing a token grows with the number already stored.
 */
import { runAutocannon, toLoadResult } from '../load/autocannon-run.ts';
import { KEYCLOAK } from '../report/goals.ts';
import { basicAuth, SERVICE_CLIENT } from '../support/bench-clients.ts';
import { clearCollection } from '../support/oidc-state.ts';
import type { Scenario } from './scenario.ts';
import { compareWithBaseline } from './versus-baseline.ts';

export const clientCredentials: Scenario = {
  id: 'client-credentials',
  title: 'Client-credentials grants',
  async run(context) {
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api:read' }).toString();
    return compareWithBaseline(context, {
      idPrefix: 'clientCredentials',
      scenario: 'Client credentials',
      label: 'client-credentials grants',
      operation: 'grant',
      keycloakPerVcpu: KEYCLOAK.clientCredentialsPerVcpu,
      seconds: context.options.budget.grantSeconds,
      overheadGoal: true,
      beforeEachRun: async () => {
        await clearCollection(context.database.uriFor('vigil'), 'ClientCredentials');
        await clearCollection(context.database.uriFor('bare'), 'ClientCredentials');
      },
      run: async (target, seconds) => toLoadResult(await runAutocannon({
        url: `${target.issuer}/token`,
        method: 'POST',
        connections: context.options.budget.grantConnections,
        duration: seconds,
        headers: { authorization: basicAuth(SERVICE_CLIENT), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }), `client credentials on ${target.name}`),
    });
  },
};
