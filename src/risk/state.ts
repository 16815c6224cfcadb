/**
 * The risk states a sign-in or a user can be in (as in Entra ID Identity Protection). `none`:
 * nothing was detected. Only `atRisk` counts toward a user's risk; every other state is closed.
 */
export const RISK_STATES = ['none', 'atRisk', 'remediated', 'dismissed', 'confirmedCompromised', 'confirmedSafe'] as const;
export type RiskState = (typeof RISK_STATES)[number];
