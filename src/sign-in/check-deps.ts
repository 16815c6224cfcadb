/** What the interaction checks read: time, the active policies, and the risk engine's view. */
import type { Clock } from '../clock.ts';
import type { ActivePolicies } from '../policy/active-policies.ts';
import type { RiskLevel } from '../risk/level.ts';

export interface CheckDeps {
  clock: Clock;
  policies: ActivePolicies;
  /** The user's current risk level (the risk engine; 'none' when it has nothing open). */
  userRiskLevel(userId: string): Promise<RiskLevel>;
  /** Records what a reportOnly policy would have done. */
  reportOnly(event: { policy: string; userId: string; wouldHave: string }): void;
}
