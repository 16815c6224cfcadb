/**
 * What Vigil counts for Prometheus, as one narrow interface: the code that decides a thing calls
 * one method here, and knows nothing of prom-client. `noMetrics` is the default when metrics are
 * off (METRICS_PORT unset), so every call site is safe and costs a function call.
 * Every label takes values from a closed set (outcomes, levels, policy names, route patterns),
 * never an id, a name or an address: the number of series stays bounded.
 */
import type { MfaMethodId } from '../mfa/method-names.ts';

export type ResetStage = 'started' | 'verified' | 'completed' | 'refused';
/** Results are labelled by the method's registry id. */
export type MfaMethodLabel = MfaMethodId;

export interface SignInMetrics {
  /** One recorded sign-in attempt, with its policy decisions and detections. */
  signIn(input: { outcome: string; riskLevel: string; decisions: ReadonlyArray<{ policy: string; decision: string }>; detections: ReadonlyArray<{ type: string; scope: 'signIn' | 'user' }> }): void;
  /**
   * A recorded sign-in's outcome completed by the flow's first owed decision (MFA the app asks
   * for, a registration owed): `from` the outcome counted by `signIn`, `to` the final one, and
   * the decisions it adds. Counted apart, so `signIn`'s count is never counted twice.
   */
  signInAmended(input: { from: string; to: string; decisions: ReadonlyArray<{ policy: string; decision: string }> }): void;
}

export interface MfaMetrics {
  /** The MFA prompt was shown (`reason`: why it is asked). */
  mfaChallenge(reason: string): void;
  mfaResult(method: MfaMethodLabel, result: string): void;
}

export interface ResetMetrics {
  reset(stage: ResetStage): void;
}

export interface Metrics extends SignInMetrics, MfaMetrics, ResetMetrics {
  tokenGrant(grantType: string, result: 'success' | 'error'): void;
  httpRequest(method: string, route: string, status: number, seconds: number): void;
  dbCommand(command: string, outcome: 'ok' | 'error', seconds: number): void;
}

const nothing = (): void => undefined;

export const noMetrics: Metrics = {
  signIn: nothing,
  signInAmended: nothing,
  mfaChallenge: nothing,
  mfaResult: nothing,
  reset: nothing,
  tokenGrant: nothing,
  httpRequest: nothing,
  dbCommand: nothing,
};
