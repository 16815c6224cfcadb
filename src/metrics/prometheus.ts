/**
 * The Prometheus implementation of `Metrics` (prom-client), on a registry of its own per app so
 * two apps in one process (the tests) never share counters. The series and their labels are
 * listed in README.md ("Metrics").
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Metrics } from './metrics.ts';

const GRANT_TYPES = new Set([
  'authorization_code', 'refresh_token', 'client_credentials',
  'urn:ietf:params:oauth:grant-type:device_code', 'urn:openid:params:grant-type:ciba',
]);
/** The driver's command names are a closed set in practice; anything else is folded in `other`. */
const DB_COMMANDS = new Set([
  'find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'distinct', 'getMore',
  'createIndexes', 'listIndexes', 'listCollections', 'ping', 'hello', 'isMaster', 'drop', 'dropDatabase', 'killCursors', 'endSessions',
]);

export interface PrometheusMetrics {
  metrics: Metrics;
  registry: Registry;
}

export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const signIns = new Counter({ name: 'vigil_sign_ins_total', help: 'Recorded sign-in attempts, each once, by the outcome of their first step and sign-in risk level', labelNames: ['outcome', 'risk_level'], registers });
  const amendments = new Counter({ name: 'vigil_sign_in_amendments_total', help: 'Recorded sign-ins whose outcome the first owed decision completed, from the outcome counted in vigil_sign_ins_total to the final one', labelNames: ['from', 'to'], registers });
  const detections = new Counter({ name: 'vigil_risk_detections_total', help: 'Risk detections raised, by type and scope (signIn or user)', labelNames: ['type', 'scope'], registers });
  const decisions = new Counter({ name: 'vigil_policy_decisions_total', help: 'Policy decisions recorded with sign-ins, by policy and decision', labelNames: ['policy', 'decision'], registers });
  const mfaChallenges = new Counter({ name: 'vigil_mfa_challenges_total', help: 'MFA prompts shown, by why MFA is asked', labelNames: ['reason'], registers });
  const mfaResults = new Counter({ name: 'vigil_mfa_verifications_total', help: 'Second-factor codes checked at the MFA prompt, by method and result', labelNames: ['method', 'result'], registers });
  const resets = new Counter({ name: 'vigil_password_resets_total', help: 'Self-service password reset flows by stage', labelNames: ['stage'], registers });
  const grants = new Counter({ name: 'vigil_token_grants_total', help: 'Token endpoint grants by grant type and result', labelNames: ['grant_type', 'result'], registers });
  const http = new Histogram({
    name: 'vigil_http_request_duration_seconds', help: 'HTTP request latency by method, route pattern and status class',
    labelNames: ['method', 'route', 'status_class'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers,
  });
  const db = new Histogram({
    name: 'vigil_db_command_duration_seconds', help: 'Database command latency by command and outcome',
    labelNames: ['command', 'outcome'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers,
  });

  const metrics: Metrics = {
    signIn(input) {
      signIns.inc({ outcome: input.outcome, risk_level: input.riskLevel });
      for (const decision of input.decisions) decisions.inc({ policy: decision.policy, decision: decision.decision });
      for (const detection of input.detections) detections.inc({ type: detection.type, scope: detection.scope });
    },
    signInAmended(input) {
      amendments.inc({ from: input.from, to: input.to });
      for (const decision of input.decisions) decisions.inc({ policy: decision.policy, decision: decision.decision });
    },
    mfaChallenge: (reason) => mfaChallenges.inc({ reason }),
    mfaResult: (method, result) => mfaResults.inc({ method, result }),
    reset: (stage) => resets.inc({ stage }),
    tokenGrant: (grantType, result) => grants.inc({ grant_type: GRANT_TYPES.has(grantType) ? grantType : 'other', result }),
    httpRequest: (method, route, status, seconds) => http.observe({ method, route, status_class: `${Math.floor(status / 100)}xx` }, seconds),
    dbCommand: (command, outcome, seconds) => db.observe({ command: DB_COMMANDS.has(command) ? command : 'other', outcome }, seconds),
  };
  return { metrics, registry };
}
