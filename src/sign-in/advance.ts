/**
 * Advancing the sign-in flow: the only writes to it. oidc-provider keeps a step's result only for
 * the request that resumes the authorization, and only there is the session (its uid) known, so
 * the provider calls `applyStepResult` on that request before its interaction policy runs
 * (src/oidc/provider.ts); the checks then read what was written. Each step is one atomic
 * single-document update by `_id`.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../clock.ts';
import { retryOnDuplicateKey } from '../db/duplicate-key.ts';
import { SIGN_IN_FLOW_LIFETIME_MS, SignInFlow, type SignInFlowRecord } from './flow.ts';
import { rememberFlow } from './read.ts';
import { stepOf, type SignInStep } from './steps.ts';

function updateFor(step: SignInStep, accountId: string, now: Date): Record<string, object> {
  const expiresAt = new Date(now.getTime() + SIGN_IN_FLOW_LIFETIME_MS);
  const fresh = { createdAt: now, signInRisk: 'none', signInRiskRemediated: false };
  switch (step.step) {
    case 'password':
    case 'passkey': {
      // A new sign-in starts a new flow: earlier MFA and skips belonged to the earlier login. A
      // passkey is the sign-in's MFA too: its risk is remediated from the start.
      const { step: first, ...attempt } = step;
      const kept = Object.fromEntries(Object.entries(attempt).filter(([, value]) => value !== undefined));
      const dropped = ['signInId', 'clientId', 'userRisk', 'decision'].filter((key) => !(key in kept));
      const mfa = first === 'passkey' ? { mfaAt: now, signInRiskRemediated: true } : { signInRiskRemediated: false };
      return {
        $set: { accountId, ...kept, ...mfa, createdAt: now, expiresAt },
        $unset: Object.fromEntries([...(first === 'passkey' ? [] : ['mfaAt']), 'registrationSkippedAt', 'passwordChangedAt', ...dropped].map((key) => [key, 1])),
      };
    }
    case 'mfa':
      return { $set: { accountId, mfaAt: new Date(step.at), signInRiskRemediated: true, expiresAt }, $setOnInsert: { createdAt: now, signInRisk: 'none' } };
    case 'registration_skipped':
      return { $set: { accountId, registrationSkippedAt: new Date(step.at), expiresAt }, $setOnInsert: fresh };
    case 'password_changed':
      return { $set: { accountId, passwordChangedAt: new Date(step.at), expiresAt }, $setOnInsert: fresh };
  }
}

/** The resumed request: the finished step (if any) advances the session's flow. */
export async function applyStepResult(ctx: KoaContextWithOIDC, clock: Clock): Promise<void> {
  const session = ctx.oidc.session;
  const accountId = session?.accountId;
  const step = stepOf(ctx.oidc.result);
  if (!session || !accountId || !step) return;
  const advanced = retryOnDuplicateKey(() => SignInFlow.findOneAndUpdate({ _id: session.uid }, updateFor(step, accountId, clock.now()), { upsert: true, returnDocument: 'after' })
    .lean<SignInFlowRecord>().exec());
  rememberFlow(ctx, advanced);
  await advanced;
}

/**
 * Marks the sign-in's first owed decision as recorded (src/sign-in/effects.ts); true for the
 * request that marked it. A new sign-in in the same session has a new event id, so it is recorded
 * again. Not atomic on FerretDB under concurrency: what is recorded after it is idempotent.
 */
export async function markDecisionRecorded(flowId: string, signInId: string): Promise<boolean> {
  const result = await SignInFlow.updateOne({ _id: flowId, signInId, decisionRecordedFor: { $ne: signInId } }, { $set: { decisionRecordedFor: signInId } });
  return result.modifiedCount === 1;
}
