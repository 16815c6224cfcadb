/**
 * The "was this you?" e-mail after a risky or new-device sign-in, with a single-use link to
 * report it. The link is built from the configured issuer, never from the request.
 */
import { newSignIn } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import type { UserRecord } from '../models/user.ts';
import type { Services } from '../services.ts';
import type { RiskAssessment } from './attempt.ts';

export function isNewDevice(assessment: RiskAssessment): boolean {
  const { profile, deviceId } = assessment.basis;
  return Boolean(profile && profile.learnedSignIns > 0 && (!deviceId || !profile.devices.includes(deviceId)));
}

export function shouldNotify(assessment: RiskAssessment): boolean {
  return assessment.signInRisk !== 'none' || isNewDevice(assessment);
}

/** Sent in the background: a slow mail server never slows a sign-in. */
export function sendSignInNotice(services: Services, user: UserRecord, assessment: RiskAssessment, eventId: string): void {
  const token = services.risk.createReportToken({ eventId, userId: user._id.toString() });
  const where = assessment.location ? [assessment.location.city, assessment.location.country].filter(Boolean).join(', ') : undefined;
  const content = newSignIn({
    brand: services.brand,
    when: assessment.at,
    ip: assessment.basis.ip,
    location: where || undefined,
    browser: assessment.basis.browser,
    reportUrl: `${services.settings.issuer}/report/${token}`,
  });
  void notifyUser(services.mailer, user, content).catch((error: unknown) => services.logger.warn({ err: (error as Error).message }, 'could not send the new sign-in notice'));
}
