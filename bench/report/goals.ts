/**
 * The anchors and goals of issue 7. Keycloak's sizing guide is the anchor: per vCPU, 15 password
 * sign-ins/s, 120 client-credentials grants/s and 120 refresh grants/s; 1,250 MB for 10,000
 * sessions.
 */
export const KEYCLOAK = {
  passwordSignInsPerVcpu: 15,
  clientCredentialsPerVcpu: 120,
  refreshPerVcpu: 120,
  memoryMbFor10kSessions: 1250,
} as const;

export const GOALS = {
  /** Share of a password sign-in that is not argon2id hashing. */
  maxNonHashingShare: 0.15,
  /** Vigil's extra time per operation over the bare oidc-provider. */
  maxOverhead: 0.15,
  /** Multiple of Keycloak's per-vCPU token-grant rates. */
  grantMultipleOfKeycloak: 5,
  maxRssMbWith10kSessions: 256,
  sessions: 10_000,
  /** One risk evaluation (assess) whatever the user's and the system's history: queries and p99 time. */
  maxRiskEvaluationQueries: 3,
  maxRiskEvaluationMs: 2,
} as const;

export function atMost(value: number, limit: number, text: string): { text: string; pass: boolean } {
  return { text, pass: value <= limit };
}

export function atLeast(value: number, floor: number, text: string): { text: string; pass: boolean } {
  return { text, pass: value >= floor };
}
