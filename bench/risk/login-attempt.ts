/**
 * One sign-in attempt as Vigil's login page puts it through the risk engine
 * (src/sign-in/login-page.ts): the snapshot — the three `_id` reads — and the throttle
 * decision on it before the password check, the assessment on the same snapshot after it, then
 * the record with the outcome the page gives (wrong password → failedPassword; sign-in risk
 * medium or above, or user risk high → mfaRequired; else success), and the MFA step's outcome.
 */
import type { SignInAttempt } from '../../src/risk/attempt.ts';
import type { RiskAssessment, RiskEngine, RiskSnapshot } from '../../src/risk/index.ts';
import { atOrAbove } from '../../src/risk/level.ts';
import type { Persona } from './personas.ts';
import type { Device } from './places.ts';

/** Not in the breached-password list, so leaked-credentials does not fire. */
export const HISTORY_PASSWORD = 'walrus-Quartz-lantern-1987';

export interface Place {
  ip: string;
  device: Device;
}

export interface LoginEvaluation {
  throttled: boolean;
  assessment: RiskAssessment;
}

export function attemptFrom(persona: Persona, place: Place, passwordOk: boolean): SignInAttempt {
  return {
    username: persona.username,
    userId: persona.userId,
    clientId: 'bench-web',
    ip: place.ip,
    deviceId: place.device.id,
    userAgent: place.device.userAgent,
    passwordOk,
    password: passwordOk ? HISTORY_PASSWORD : undefined,
  };
}

/** What the evaluation reads from the database: every query of it is here. */
export function readSnapshot(engine: RiskEngine, attempt: SignInAttempt): Promise<RiskSnapshot> {
  return engine.snapshot({ ip: attempt.ip, userId: attempt.userId });
}

/** The rest of the evaluation, in memory: throttling, then the assessment (a throttled source's attempt is assessed as a failure). */
export async function evaluateOnSnapshot(engine: RiskEngine, attempt: SignInAttempt, snapshot: RiskSnapshot): Promise<LoginEvaluation> {
  const throttle = await engine.throttle({ ip: attempt.ip, userId: attempt.userId, deviceId: attempt.deviceId, snapshot });
  if (throttle.throttle) return { throttled: true, assessment: await engine.assess({ ...attempt, passwordOk: false, password: undefined }, snapshot) };
  // As the login page does: a right password gives a trusted device's slots back, so only its failures count.
  if (attempt.passwordOk) await throttle.giveBack?.();
  return { throttled: false, assessment: await engine.assess(attempt, snapshot) };
}

/** The engine's part of the login before the page decides. */
export async function evaluateAsLoginDoes(engine: RiskEngine, attempt: SignInAttempt): Promise<LoginEvaluation> {
  return evaluateOnSnapshot(engine, attempt, await readSnapshot(engine, attempt));
}

/** The whole attempt, recorded; MFA passes or fails when it is asked for. Returns the outcome. */
export async function signInAsServerDoes(engine: RiskEngine, attempt: SignInAttempt, mfaPasses: boolean): Promise<string> {
  const { throttled, assessment } = await evaluateAsLoginDoes(engine, attempt);
  if (throttled) {
    await engine.record(assessment, { outcome: 'throttled' });
    return 'throttled';
  }
  const mfa = atOrAbove(assessment.signInRisk, 'medium') || atOrAbove(assessment.userRisk, 'high');
  const outcome = !attempt.passwordOk ? 'failedPassword' : mfa ? 'mfaRequired' : 'success';
  const { eventId } = await engine.record(assessment, {
    outcome,
    decisions: [{ policy: 'signInRisk', decision: atOrAbove(assessment.signInRisk, 'medium') ? 'enforce' : 'none' }],
  });
  if (outcome !== 'mfaRequired') return outcome;
  if (!mfaPasses) {
    await engine.recordStep(eventId, 'mfa', 'failure');
    return 'mfaFailed';
  }
  await engine.remediateSignIn(eventId);
  // At high user risk the login continues with a secure password change, which remediates it.
  if (attempt.userId && atOrAbove(assessment.userRisk, 'high')) await engine.remediateUserRisk(attempt.userId);
  return 'mfaPassed';
}
