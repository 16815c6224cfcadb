/**
 * Registration check (decision order step 5): the MFA registration policy applies and the user
 * has no MFA method. During the grace period the interrupt can be skipped (once per session, and
 * `prompt=none` never fails for it); after it, registration is required. The grace period starts
 * here, at the first interactive sign-in under the policy.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { User } from '../../models/user.ts';
import { registrationDecision, registrationPolicyCovers } from '../../policy/mfa-registration-decision.ts';
import type { CheckDeps } from './deps.ts';
import { subjectOf } from '../subject.ts';

const { Check } = interactionPolicy;

export function mfaRegistrationDueCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('mfa_registration_due', 'the MFA registration policy requires a method', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    if (!subject) return Check.NO_NEED_TO_PROMPT;
    const now = deps.clock.now();
    const policy = deps.policies.current.mfaRegistration;
    // Whether the user has a method is only read when the policy covers them.
    if (!registrationPolicyCovers(policy, subject.user)) return Check.NO_NEED_TO_PROMPT;
    const decision = registrationDecision(policy, subject.user, await subject.hasMfa(), now);
    if (decision.kind === 'none') return Check.NO_NEED_TO_PROMPT;
    if (!subject.user.mfaRegistrationStartedAt && !ctx.oidc.prompts.has('none')) {
      await User.updateOne({ _id: subject.user._id, mfaRegistrationStartedAt: { $exists: false } }, { $set: { mfaRegistrationStartedAt: now } });
    }
    if (decision.kind === 'reportOnly') {
      deps.reportOnly({ policy: 'mfaRegistration', userId: subject.user._id.toString(), wouldHave: decision.wouldRequire ? 'requireRegistration' : 'offerRegistration' });
      return Check.NO_NEED_TO_PROMPT;
    }
    if (decision.kind === 'required') return Check.REQUEST_PROMPT;
    if (subject.session?.registrationSkippedAt || ctx.oidc.prompts.has('none')) return Check.NO_NEED_TO_PROMPT;
    return Check.REQUEST_PROMPT;
  });
}
