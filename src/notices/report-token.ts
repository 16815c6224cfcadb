/**
 * The "this wasn't me" link in the new-sign-in e-mail: a signed (HMAC-SHA256), expiring,
 * single-use token naming one sign-in event and its user. Consuming it is atomic even with
 * concurrent clicks (claimOnce: a unique insert) and marks the sign-in compromised and the user
 * at high risk (userReportedSuspiciousActivity), so the user-risk policy demands MFA and a secure
 * password change at the next sign-in; the server also revokes the user's sessions.
 *
 * Format: `v1.<payload>.<mac>`, both base64url; payload JSON `{ e: eventId, u: userId, x: expiry ms, n: nonce }`.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { DAY } from '../clock.ts';
import { claimOnce, CLAIMS_COLLECTION } from '../db/claim-once.ts';
import { collectionNamed } from '../db/collection.ts';
import { RiskDetection } from '../risk/models/risk-detection.ts';
import { SignInEvent } from '../risk/models/sign-in-event.ts';
import { pullRiskySignIn, readProfile, writeProfile } from '../risk/profile-store.ts';
import { findSignInEvent, raiseUserDetection } from '../risk/remediation.ts';

export const REPORT_TOKEN_TTL_MS = 7 * DAY;
/** A spent link is remembered this long, so it says "already reported", never "expired". */
const REMEMBER_USED_MS = 365 * DAY;
const VERSION = 'v1';

export type ReportTokenResult =
  | { status: 'OK'; userId: string; eventId: string }
  | { status: 'INVALID' }
  | { status: 'EXPIRED' }
  | { status: 'ALREADY_USED' };

interface Payload {
  e: string;
  u: string;
  x: number;
  n: string;
}

function keyBytes(key: Buffer | string): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (bytes.length < 16) throw new Error('report token key must be at least 16 bytes');
  return bytes;
}

function mac(key: Buffer | string, payload: string): Buffer {
  return createHmac('sha256', keyBytes(key)).update(`${VERSION}.${payload}`).digest();
}

export type ReportTokenStatus = 'OPEN' | 'INVALID' | 'EXPIRED' | 'ALREADY_USED';

/** The report links as the server uses them: built once at boot with the key and the clock (src/app.ts). */
export interface ReportLinks {
  create(input: { eventId: string; userId: string }): string;
  /** Spends the link (once, atomically) and marks the sign-in compromised. */
  consume(token: string): Promise<ReportTokenResult>;
  /** Whether a link is open, used, expired or invalid, without spending it. */
  status(token: string): Promise<ReportTokenStatus>;
}

/** The links' signing key, derived from CODE_PEPPER for this one purpose. */
export function reportLinkKey(codePepper: string): Buffer {
  return createHash('sha256').update(`report-token:${codePepper}`).digest();
}

export function createReportLinks(key: Buffer | string, clock: Clock): ReportLinks {
  keyBytes(key);
  return {
    create: (input) => createReportToken(input, key, clock),
    consume: (token) => consumeReportToken(token, key, clock),
    status: (token) => reportTokenStatus(token, key, clock),
  };
}

export function createReportToken(input: { eventId: string; userId: string }, key: Buffer | string, clock: Clock, ttlMs = REPORT_TOKEN_TTL_MS): string {
  const payload: Payload = { e: input.eventId, u: input.userId, x: clock.now().getTime() + ttlMs, n: randomBytes(12).toString('base64url') };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${VERSION}.${encoded}.${mac(key, encoded).toString('base64url')}`;
}

function verify(token: string, key: Buffer | string): Payload | null {
  if (typeof token !== 'string' || token.length > 1024) return null;
  const [version, encoded, signature, extra] = token.split('.');
  if (version !== VERSION || !encoded || !signature || extra !== undefined) return null;
  // Compare the canonical text, not decoded bytes: base64url's unused trailing bits would let
  // several spellings of one signature pass.
  const expected = Buffer.from(mac(key, encoded).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Partial<Payload>;
    if (typeof payload.e !== 'string' || typeof payload.u !== 'string' || typeof payload.x !== 'number' || typeof payload.n !== 'string') return null;
    return payload as Payload;
  } catch {
    return null;
  }
}

function usedKey(payload: Payload): string {
  return `risk-report:${payload.n}`;
}

async function wasUsed(payload: Payload): Promise<boolean> {
  return (await collectionNamed<{ _id: string }>(CLAIMS_COLLECTION).findOne({ _id: usedKey(payload) })) !== null;
}

/** What opening the link would find, without spending it: a used link is reported as used, even once expired. */
export async function reportTokenStatus(token: string, key: Buffer | string, clock: Clock): Promise<ReportTokenStatus> {
  const payload = verify(token, key);
  if (!payload) return 'INVALID';
  if (await wasUsed(payload)) return 'ALREADY_USED';
  return payload.x <= clock.now().getTime() ? 'EXPIRED' : 'OPEN';
}

export async function consumeReportToken(token: string, key: Buffer | string, clock: Clock): Promise<ReportTokenResult> {
  const payload = verify(token, key);
  if (!payload) return { status: 'INVALID' };
  const now = clock.now();
  if (await wasUsed(payload)) return { status: 'ALREADY_USED' };
  if (payload.x <= now.getTime()) return { status: 'EXPIRED' };
  const event = await SignInEvent.collection.findOne<{ _id: string; userId?: string }>({ _id: payload.e as never }, { projection: { userId: 1 } });
  if (!event || event.userId !== payload.u) return { status: 'INVALID' };
  if (!(await claimOnce(usedKey(payload), now, new Date(payload.x + REMEMBER_USED_MS)))) return { status: 'ALREADY_USED' };
  await markReported(payload.e, clock);
  return { status: 'OK', userId: payload.u, eventId: payload.e };
}

/** The reported sign-in is closed as compromised and the user's risk becomes high. */
async function markReported(eventId: string, clock: Clock): Promise<void> {
  const now = clock.now();
  const event = await findSignInEvent(eventId, now);
  if (!event?.userId) return;
  await Promise.all([
    SignInEvent.collection.updateOne({ _id: eventId as never }, { $set: { riskState: 'confirmedCompromised', riskStateAt: now, riskStateBy: 'user' } }),
    RiskDetection.collection.updateMany({ signInEventId: eventId, state: 'atRisk' }, { $set: { state: 'confirmedCompromised', stateAt: now, stateBy: 'user' } }),
  ]);
  await raiseUserDetection({ userId: event.userId, username: event.username, type: 'userReportedSuspiciousActivity', reason: `the user reported the sign-in from ${event.ip} at ${event.at.toISOString()} as not theirs`, by: 'user', state: 'atRisk', signInEventId: eventId, ip: event.ip }, clock);
  const pull = pullRiskySignIn(await readProfile(event.userId), eventId);
  if (pull) await writeProfile(event.userId, undefined, now, { $pull: pull });
}
