/**
 * The "was this you?" e-mail, with a single-use link to report a sign-in. Sent only when the
 * user should act: at once for a risky sign-in; for a sign-in from a new device in an unfamiliar
 * place (a network and a country the user has not signed in from lately), batched: once the
 * oldest of a user's notices has waited NOTICE_BATCH_MS, all of theirs go out in one message. A new browser at a familiar
 * place sends nothing. The link is built from the configured issuer, never from the request.
 */
import { DAY, MINUTE } from '../clock.ts';
import { claimOnce } from '../db/claim-once.ts';
import { newSignIns, type SignInSeen } from '../mail/messages/index.ts';
import { notifyUser } from '../mail/notify-user.ts';
import { SignInNotice, type SignInNoticeRecord } from './sign-in-notice-record.ts';
import type { UserRecord } from '../users/user.ts';
import type { Services } from '../services.ts';
import { findUserById } from '../users/lookup.ts';
import type { RiskAssessment } from '../risk/attempt.ts';

export const NOTICE_BATCH_MS = 15 * MINUTE;

/** What sending and batching the notices use. */
export type SignInNoticeDeps = Pick<Services, 'brand' | 'clock' | 'logger' | 'mailer' | 'reportLinks' | 'settings'>;

export function isNewDevice(assessment: RiskAssessment): boolean {
  const { profile, deviceId } = assessment.basis;
  return Boolean(profile && profile.learnedSignIns > 0 && (!deviceId || !profile.devices.includes(deviceId)));
}

/** Neither the network nor (when the address is located) the country is among the user's recent ones. */
export function isUnfamiliarPlace(assessment: RiskAssessment): boolean {
  const { profile } = assessment.basis;
  if (!profile) return false;
  const country = assessment.location?.country;
  return !profile.networks.includes(assessment.network) && !(country && profile.countries.includes(country));
}

export function shouldNotify(assessment: RiskAssessment): boolean {
  return assessment.signInRisk !== 'none' || (isNewDevice(assessment) && isUnfamiliarPlace(assessment));
}

function seen(services: SignInNoticeDeps, user: UserRecord, assessment: RiskAssessment, eventId: string): SignInSeen {
  const token = services.reportLinks.create({ eventId, userId: user._id.toString() });
  const where = assessment.location ? [assessment.location.city, assessment.location.country].filter(Boolean).join(', ') : undefined;
  return { when: assessment.at, ip: assessment.basis.ip, location: where || undefined, browser: assessment.basis.browser, reportUrl: `${services.settings.issuer}/report/${token}` };
}

function warn(services: Pick<Services, 'logger'>) {
  return (error: unknown) => services.logger.warn({ err: (error as Error).message }, 'could not send the new sign-in notice');
}

/** Risky: mailed now. Otherwise queued for the next batch. In the background: a slow mail server never slows a sign-in. */
export function sendSignInNotice(services: SignInNoticeDeps, user: UserRecord, assessment: RiskAssessment, eventId: string): void {
  const signIn = seen(services, user, assessment, eventId);
  if (assessment.signInRisk !== 'none') {
    void notifyUser(services.mailer, user, newSignIns({ brand: services.brand, timeZone: user.profile?.zoneinfo, signIns: [signIn] })).catch(warn(services));
    return;
  }
  const now = services.clock.now();
  void SignInNotice.create({ _id: eventId, userId: user._id.toString(), at: signIn.when, ip: signIn.ip, location: signIn.location, browser: signIn.browser, reportUrl: signIn.reportUrl, createdAt: now }).catch(warn(services));
}

/**
 * Sends, for each user whose oldest waiting notice has waited a batch period, one message with
 * all of that user's waiting notices. Each notice is claimed once (several instances may flush
 * together) and then deleted. Returns how many sign-ins were sent.
 */
export async function flushSignInNotices(services: SignInNoticeDeps): Promise<number> {
  const now = services.clock.now();
  const due = await SignInNotice.find({ createdAt: { $lte: new Date(now.getTime() - NOTICE_BATCH_MS) } }).lean<SignInNoticeRecord[]>();
  const byUser = new Map<string, SignInNoticeRecord[]>();
  for (const userId of new Set(due.map((notice) => notice.userId))) {
    for (const notice of await SignInNotice.find({ userId }).lean<SignInNoticeRecord[]>()) {
      if (!await claimOnce(`sign-in-notice:${notice._id}`, now, new Date(now.getTime() + DAY))) continue;
      byUser.set(userId, [...byUser.get(userId) ?? [], notice]);
    }
  }
  for (const [userId, notices] of byUser) {
    const user = await findUserById(userId);
    notices.sort((a, b) => a.at.getTime() - b.at.getTime());
    if (user) {
      const signIns = notices.map((n) => ({ when: n.at, ip: n.ip, location: n.location, browser: n.browser, reportUrl: n.reportUrl }));
      await notifyUser(services.mailer, user, newSignIns({ brand: services.brand, timeZone: user.profile?.zoneinfo, signIns }));
    }
    await SignInNotice.deleteMany({ _id: { $in: notices.map((n) => n._id) } });
  }
  return [...byUser.values()].reduce((sum, notices) => sum + notices.length, 0);
}

export function scheduleSignInNotices(services: SignInNoticeDeps, intervalMs = NOTICE_BATCH_MS / 3): () => void {
  const timer = setInterval(() => {
    flushSignInNotices(services).catch(warn(services));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
