/**
 * Every scenario, in the order it runs and is reported. Add a scenario by writing one file and
 * listing it here. Each scenario starts
 * from empty OIDC collections (bench/support/oidc-state.ts); the memory scenario comes last so
 * the RSS it reads is that of a process that has served every other load first.
 */
import { argon2Hashes } from './argon2-hashes.ts';
import { clientCredentials } from './client-credentials.ts';
import { discovery, jwks } from './metadata-endpoints.ts';
import { passwordSignIn } from './password-sign-in.ts';
import { refreshGrant } from './refresh-grant.ts';
import { riskEvaluationCost } from './risk-evaluation-cost.ts';
import { riskSignIn } from './risk-sign-in.ts';
import type { Scenario } from './scenario.ts';
import { sessionsMemory } from './sessions-memory.ts';
import { startup } from './startup.ts';
import { totpSignIn } from './totp-sign-in.ts';

export const SCENARIOS: readonly Scenario[] = [
  startup,
  argon2Hashes,
  passwordSignIn,
  totpSignIn,
  riskSignIn,
  clientCredentials,
  refreshGrant,
  discovery,
  jwks,
  riskEvaluationCost,
  sessionsMemory,
];
