/**
 * MFA check (decision order step 3): the sign-in that created this session was risky at or above
 * the sign-in-risk policy's level and MFA has not remediated it yet.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { riskPolicyDecision } from '../../policy/risk-policy-decision.ts';
import type { CheckDeps } from './deps.ts';
import { subjectOf } from '../subject.ts';

const { Check } = interactionPolicy;

export function signInRiskCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('sign_in_risk', 'the sign-in risk policy requires multi-factor authentication', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    if (!subject?.session || subject.sessionHasMfa || subject.session.signInRiskRemediated) return Check.NO_NEED_TO_PROMPT;
    const decision = riskPolicyDecision(deps.policies.current.signInRisk, subject.user, subject.session.signInRisk);
    if (decision === 'reportOnly') deps.reportOnly({ policy: 'signInRisk', userId: subject.user._id.toString(), wouldHave: 'mfa' });
    return decision === 'enforce' ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
