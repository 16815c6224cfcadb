/**
 * The sign-in decision of one authorization request, made once (src/sign-in/decide.ts) from the
 * session's flow, the signed-in user and what the request asks for, and read by every
 * interaction check of that request. Reading the facts writes nothing; the decision's effects
 * are written after the request (effects.ts).
 */
import type { KoaContextWithOIDC } from 'oidc-provider';
import { perRequest } from '../http/request-cache.ts';
import { essentialDeviceBound, essentialStrength, requestedAcrs } from '../oidc/requested-acrs.ts';
import type { CheckDeps } from './check-deps.ts';
import { subjectOf } from '../oidc/subject.ts';
import { decideOwed, type Owed, type OwedReason } from './decide.ts';

const decisions = perRequest<Owed | null>();

async function decide(ctx: KoaContextWithOIDC, deps: CheckDeps): Promise<Owed | null> {
  const subject = await subjectOf(ctx, deps.clock);
  if (!subject) return null;
  const acrValues = ctx.oidc.params?.acr_values;
  // The essential acr claim: a demand (src/oidc/requested-acrs.ts).
  const requested = requestedAcrs(ctx).essential;
  const essential = essentialStrength(requested);
  return decideOwed({
    policies: deps.policies.current,
    user: subject.user,
    flow: subject.flow,
    sessionHasMfa: subject.sessionHasMfa,
    sessionStrength: subject.sessionStrength,
    essentialStrength: essential,
    // An essential `phrh`: met only when the session's key was device-bound (`amr` `hwk`).
    deviceBoundOwed: essentialDeviceBound(requested) && !ctx.oidc.session?.amr?.includes('hwk'),
    interactive: !ctx.oidc.prompts.has('none'),
    essentialMfa: essential === 'mfa',
    acrValues: typeof acrValues === 'string' ? acrValues : undefined,
    now: deps.clock.now(),
    userRisk: () => subject.riskLevel(deps.userRiskLevel),
    hasMfa: (strength) => subject.hasMfa(strength),
  });
}

/** This request's decision (null: no signed-in, active user). */
export function decisionOf(ctx: KoaContextWithOIDC, deps: CheckDeps): Promise<Owed | null> {
  return decisions.get(ctx, () => decide(ctx, deps));
}

/** What a check reads: whether this request's decision owes its reason. */
export async function owes(ctx: KoaContextWithOIDC, deps: CheckDeps, reason: OwedReason): Promise<boolean> {
  return (await decisionOf(ctx, deps))?.reasons.includes(reason) ?? false;
}

/** The decision this request made, if a check asked for one (for its effects). */
export function decidedOn(ctx: object): Promise<Owed | null> | undefined {
  return decisions.peek(ctx);
}
