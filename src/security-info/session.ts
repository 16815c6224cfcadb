/**
 * Security-info sessions: an area session (src/http/area-session.ts) on `/security-info`, 30
 * minutes idle. Changes need a fresh proof of identity (MFA, or the password where it is the only
 * factor) within FRESH_FOR_MS.
 */
import { MINUTE } from '../clock.ts';
import { areaSessions } from '../http/area-session.ts';
import { SelfServiceSession, type SelfServiceSessionRecord } from './session-record.ts';

export const FRESH_FOR_MS = 5 * MINUTE;

export const securityInfoSessions = areaSessions({ cookie: 'vigil_security_info', path: '/security-info', idleMs: 30 * MINUTE, model: SelfServiceSession });

export function isFresh(session: SelfServiceSessionRecord, now: Date): boolean {
  return now.getTime() - session.freshAt.getTime() <= FRESH_FOR_MS;
}

export async function markFresh(session: SelfServiceSessionRecord, now: Date): Promise<void> {
  await SelfServiceSession.updateOne({ _id: session._id }, { $set: { freshAt: now } });
}
