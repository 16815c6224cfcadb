/**
 * Writing what this request's sign-in decision implies, after the provider handled the request
 * (and before its response is sent): what report-only policies would have done, and the start of
 * the registration grace period at the first interactive sign-in under the policy. Deciding never
 * writes; this is where the writes are.
 */
import type { Middleware } from 'koa';
import { User } from '../users/user.ts';
import type { CheckDeps } from './check-deps.ts';
import { decidedOn } from './request.ts';

export function writeDecisionEffects(deps: Pick<CheckDeps, 'reportOnly'>): Middleware {
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
      }
    }
  };
}
