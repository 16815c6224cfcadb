/**
 * Writing what this request's sign-in decision implies, after the provider handled the request
 * (and before its response is sent): what report-only policies would have done, the start of
 * the registration grace period at the first interactive sign-in under the policy, and, once per
 * sign-in, what its first owed decision adds to the recorded event (MFA the app asks for, a
 * registration owed). Deciding never writes; this is where the writes are.
 */
import type { Middleware } from 'koa';
import { User } from '../users/user.ts';
import type { RiskEngine } from '../risk/engine.ts';
import { markDecisionRecorded } from './advance.ts';
import type { CheckDeps } from './check-deps.ts';
import type { OwedRecord } from './decide.ts';
import { decidedOn } from './request.ts';

export type EffectsDeps = Pick<CheckDeps, 'reportOnly'> & { risk: Pick<RiskEngine, 'amendDecision'> };

async function recordOwed(record: OwedRecord, deps: EffectsDeps): Promise<void> {
  // A sign-in the decision adds nothing to costs no write (test/oidc/sign-in-round-trips.test.ts).
  if (record.added.length && await markDecisionRecorded(record.flowId, record.signInId)) await deps.risk.amendDecision(record.signInId, record.added);
}

export function writeDecisionEffects(deps: EffectsDeps): Middleware {
  return async function signInDecisionEffects(ctx, next) {
    try {
      await next();
    } finally {
      const owed = await decidedOn(ctx)?.catch(() => null);
      if (owed) {
        for (const event of owed.reportOnly) deps.reportOnly(event);
        if (owed.startRegistrationGrace) {
          await User.updateOne({ _id: owed.userId, mfaRegistrationStartedAt: { $exists: false } }, { $set: { mfaRegistrationStartedAt: owed.at } });
        }
        if (owed.record) await recordOwed(owed.record, deps);
      }
    }
  };
}
