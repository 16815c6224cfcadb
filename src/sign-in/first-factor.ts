/**
 * The end of a sign-in's first step — a password, or a passwordless passkey — once decide.ts has
 * decided it: the sign-in event recorded with its outcome and decisions, the new-sign-in notice,
 * the user's last sign-in, and the step handed to the flow with the login's acr and amr. A passkey
 * is the sign-in's MFA as well, so its risk is remediated as the MFA step would remediate it.
 */
import type { Context } from 'koa';
import { clientIpOf } from '../http/client-ip.ts';
import { deviceIdOf } from '../http/device-cookie.ts';
import { sendSignInNotice, shouldNotify, type SignInNoticeDeps } from '../notices/sign-in-notice.ts';
import { acrFor } from '../oidc/acr.ts';
import type { RiskAssessment, SignInAttempt } from '../risk/attempt.ts';
import type { RiskSnapshot } from '../risk/assess.ts';
import type { AttackKind } from '../risk/under-attack.ts';
import type { Services } from '../services.ts';
import type { TextId } from '../text/catalogue.ts';
import { User, type UserRecord } from '../users/user.ts';
import { outcomeOf, type PasswordVerdict } from './decide.ts';
import { finishStep, type LoadedInteraction } from './interaction.ts';
import { stepResult } from './steps.ts';

/** What an attempt's throttle and assessment use. */
export type AttemptDeps = Pick<Services, 'risk'>;

/** What finishing a first factor uses: the risk engine, the clock and the new-sign-in notice. */
export type FirstFactorDeps = Pick<Services, 'clock' | 'risk'> & SignInNoticeDeps;

/** An attempt let through the throttle: what the risk engine is told, and what it read. */
export interface Begun {
  attempt: Omit<SignInAttempt, 'passwordOk'>;
  snapshot: RiskSnapshot;
  /** Call when the first factor was right (a trusted device's bucket keeps only failures). */
  giveBack?: () => Promise<void>;
}

/** A throttled attempt: when to try again, and its recorded event (a cloned passkey is reported on it). */
export interface Throttled {
  retryAfterSeconds: number;
  eventId: string;
}

/**
 * The attempt (source, device, browser, client) and the throttle of its source, before the first
 * factor is checked. A throttled attempt is recorded and answered with its Retry-After: the
 * number of seconds is returned for the login page to say.
 */
export async function beginAttempt(services: AttemptDeps, ctx: Context, loaded: LoadedInteraction, username: string, userId: string | undefined): Promise<Begun | Throttled> {
  const ip = clientIpOf(ctx);
  const deviceId = deviceIdOf(ctx);
  const attempt = { username: username.slice(0, 320), userId, clientId: loaded.clientId, ip, deviceId, userAgent: (ctx.get('user-agent') || '').slice(0, 512) };
  const snapshot = await services.risk.snapshot({ ip, userId });
  const throttle = await services.risk.throttle({ ip, userId, deviceId, snapshot });
  if (throttle.throttle) {
    const { eventId } = await services.risk.record(await services.risk.assess({ ...attempt, passwordOk: false }, snapshot), { outcome: 'throttled' });
    ctx.set('Retry-After', String(throttle.retryAfterSeconds));
    return { retryAfterSeconds: throttle.retryAfterSeconds, eventId };
  }
  return { attempt, snapshot, ...(throttle.giveBack ? { giveBack: throttle.giveBack } : {}) };
}

const ATTACK_TEXT: Record<AttackKind, TextId> = { account: 'login.underAttack.account', source: 'login.underAttack.source' };

export interface FirstFactor {
  first: 'password' | 'passkey';
  user: UserRecord;
  assessment: RiskAssessment;
  verdict: PasswordVerdict;
  /** The login's `amr` (the acr follows from it). */
  amr: string[];
}

/** Finishes the step (a redirect), or returns what the login page says about a refusal (a 403). */
export async function finishFirstFactor(services: FirstFactorDeps, ctx: Context, loaded: LoadedInteraction, factor: FirstFactor): Promise<TextId | null> {
  const { user, assessment, verdict, first } = factor;
  if (verdict.kind === 'refused') {
    const { eventId } = await services.risk.record(assessment, { outcome: 'blocked', decisions: verdict.records, firstStep: first });
    if (verdict.reason === 'disabled') return 'login.disabled';
    // A device the account does not trust, during an attack, and no MFA to prove it is the user:
    // refused as Entra would, with the reason, so the user knows to use a device they signed in from before.
    sendSignInNotice(services, user, assessment, eventId);
    return ATTACK_TEXT[verdict.reason];
  }
  const { decision } = verdict;
  const { eventId } = await services.risk.record(assessment, { outcome: outcomeOf(decision), decisions: decision.records, firstStep: first });
  if (shouldNotify(assessment)) sendSignInNotice(services, user, assessment, eventId);
  await User.updateOne({ _id: user._id }, { $set: { lastSignInAt: services.clock.now() } });
  if (first === 'passkey') await services.risk.remediateSignIn(eventId);
  const step = { step: first, signInId: eventId, clientId: loaded.clientId, signInRisk: assessment.signInRisk, userRisk: assessment.userRisk, decision };
  await finishStep(ctx, loaded.interaction, stepResult(step, { accountId: user._id.toString(), acr: acrFor(factor.amr), amr: factor.amr }));
  return null;
}
