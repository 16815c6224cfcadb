/**
 * MFA check (decision order step 2): the user's risk is at or above the user-risk policy's level,
 * so this session must do MFA before the secure password change that remediates it.
 */
import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { riskPolicyCovers, riskPolicyDecision } from '../../policy/risk-policy-decision.ts';
import type { CheckDeps } from './deps.ts';
import { subjectOf } from '../subject.ts';

const { Check } = interactionPolicy;

export async function userRiskDecision(ctx: KoaContextWithOIDC, deps: CheckDeps) {
  const subject = await subjectOf(ctx, deps.clock);
  const policy = deps.policies.current.userRisk;
  // The risk profile is only read for a user the policy covers.
  if (!subject || !riskPolicyCovers(policy, subject.user)) return 'none' as const;
  return riskPolicyDecision(policy, subject.user, await subject.riskLevel(deps.userRiskLevel));
}

export function userRiskMfaCheck(deps: CheckDeps): interactionPolicy.Check {
  return new Check('user_risk', 'the user risk policy requires multi-factor authentication', async (ctx: KoaContextWithOIDC) => {
    const subject = await subjectOf(ctx, deps.clock);
    if (!subject || subject.sessionHasMfa) return Check.NO_NEED_TO_PROMPT;
    const decision = await userRiskDecision(ctx, deps);
    if (decision === 'reportOnly') deps.reportOnly({ policy: 'userRisk', userId: subject.user._id.toString(), wouldHave: 'mfa+passwordChange' });
    return decision === 'enforce' ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
  });
}
