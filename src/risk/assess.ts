/**
 * The real-time evaluation of one sign-in attempt, before it completes. Reads at most three
 * documents, each by `_id` and in parallel — the user's profile, the source's counter, the
 * network's counter — whatever the user's or the source's history (none when the server hands
 * over the snapshot it read for throttling), then runs every registered detection on it — except,
 * for a device the account trusts, the ones that measure failed passwords (an attack is others'
 * doing). Nothing is written here: record() stores the attempt.
 */
import { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import type { AnonymousIpList } from './anonymous-ips.ts';
import type { AssessmentBasis, BreachedPasswordChecker, RiskAssessment, SignInAttempt } from './attempt.ts';
import { browserOf } from './browser.ts';
import { readCounter, windowCounts } from './counters.ts';
import { isAttackDetection, type Finding } from './detection-types.ts';
import { DETECTIONS, type Detection, type DetectionContext } from './detections/index.ts';
import type { Geolocator } from './geo.ts';
import type { RiskCounterRecord } from './models/risk-counter.ts';
import type { RiskProfileRecord } from './models/risk-profile.ts';
import { canonicalIp, parseIp, prefixNetwork, sourceKey } from './ip.ts';
import { highestLevel } from './level.ts';
import { NO_USER_ID } from '../db/no-user.ts';
import { trustsDevice } from './profile.ts';
import { readProfile } from './profile-store.ts';
import { throttleDecision } from './throttle.ts';
import { userRiskLevel } from './user-risk.ts';
import { LONG_WINDOW_HOURS, SHORT_WINDOW_HOURS, sumOver } from './windows.ts';

export interface AssessDeps {
  clock: Clock;
  geolocator?: Geolocator | undefined;
  anonymousIps?: AnonymousIpList | undefined;
  breachedPasswords?: BreachedPasswordChecker | undefined;
  detections?: readonly Detection[] | undefined;
}

/** An ObjectId's hex, stamped with the (possibly simulated) clock so ids sort by event time. */
export function newEventId(now: Date): string {
  return new Types.ObjectId(Types.ObjectId.generate(Math.floor(now.getTime() / 1000))).toHexString();
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase().slice(0, 320);
}

/** Where an address is and the network it belongs to (ASN when known, else its prefix). */
export function placeIp(ip: string, geolocator: Geolocator | undefined): { ip: string; source: string; network: string; location: ReturnType<Geolocator['lookup']> } {
  const parsed = parseIp(ip);
  const canonical = canonicalIp(ip);
  if (!parsed) return { ip: canonical, source: canonical, network: `invalid:${canonical}`, location: null };
  const location = geolocator?.lookup(canonical) ?? null;
  const network = location?.asn !== undefined ? `AS${location.asn}` : prefixNetwork(parsed);
  return { ip: canonical, source: sourceKey(parsed), network, location };
}

async function breachCheck(attempt: SignInAttempt, deps: AssessDeps, dismissedAt: Date | undefined): Promise<boolean | undefined> {
  if (!attempt.passwordOk) return undefined;
  if (dismissedAt && (!attempt.passwordChangedAt || attempt.passwordChangedAt <= dismissedAt)) return undefined;
  if (attempt.passwordBreached !== undefined) return attempt.passwordBreached;
  if (attempt.password === undefined || !deps.breachedPasswords) return undefined;
  return deps.breachedPasswords.isBreached(attempt.password);
}

/**
 * The three documents an evaluation reads, by `_id` and in parallel. A server reads them once per
 * attempt — before the password check, to decide on throttling — and hands the same snapshot to
 * assess(): attempts that land while the password is being verified are counted by record(),
 * only not seen by this one verdict.
 */
export interface RiskSnapshot {
  ip: string;
  userId: string | undefined;
  place: ReturnType<typeof placeIp>;
  profile: RiskProfileRecord | null;
  sourceCounter: RiskCounterRecord | null;
  networkCounter: RiskCounterRecord | null;
}

export async function readRiskSnapshot(input: { ip: string; userId?: string | undefined }, geolocator: Geolocator | undefined): Promise<RiskSnapshot> {
  const place = placeIp(input.ip, geolocator);
  const [found, sourceCounter, networkCounter] = await Promise.all([
    readProfile(input.userId ?? NO_USER_ID),
    readCounter('ip', place.source),
    readCounter('network', place.network),
  ]);
  const profile = input.userId ? found : null;
  return { ip: input.ip, userId: input.userId, place, profile, sourceCounter, networkCounter };
}

export async function assessSignIn(attempt: SignInAttempt, deps: AssessDeps, snapshot?: RiskSnapshot): Promise<RiskAssessment> {
  const now = deps.clock.now();
  if (deps.anonymousIps) await deps.anonymousIps.refresh(now);
  const username = normalizeUsername(attempt.username);
  const fitting = snapshot && snapshot.ip === attempt.ip && snapshot.userId === attempt.userId ? snapshot : undefined;
  const { place, profile, sourceCounter, networkCounter } = fitting ?? await readRiskSnapshot(attempt, deps.geolocator);
  const browser = browserOf(attempt.userAgent);
  const anonymousList = deps.anonymousIps?.lookup(place.ip) ?? null;
  const sourceCounts = windowCounts(sourceCounter, now);
  const accountFailures = {
    short: sumOver(profile?.fails, now, SHORT_WINDOW_HOURS, (count) => count),
    long: sumOver(profile?.fails, now, LONG_WINDOW_HOURS, (count) => count),
  };
  const context: DetectionContext = {
    now,
    username,
    userId: attempt.userId,
    passwordOk: attempt.passwordOk,
    ip: place.ip,
    source: place.source,
    network: place.network,
    location: place.location,
    anonymousList,
    deviceId: attempt.deviceId,
    browser,
    profile,
    sourceCounts,
    networkCounts: windowCounts(networkCounter, now),
    accountFailures,
    passwordBreached: await breachCheck(attempt, deps, profile?.leakedCredentialsDismissedAt),
  };

  const detections: Finding[] = [];
  const userDetections: Finding[] = [];
  // Failed passwords are other people's doing when the attempt comes from a device the account
  // trusts: they neither step it up, nor block it, nor count towards the user's risk.
  const trustedDevice = trustsDevice(profile, attempt.deviceId);
  for (const detection of deps.detections ?? DETECTIONS) {
    if (trustedDevice && isAttackDetection(detection.type)) continue;
    const verdict = detection.evaluate(context);
    if (!verdict) continue;
    // User detections only make sense for a known account.
    if (detection.scope === 'user' && !attempt.userId) continue;
    (detection.scope === 'signIn' ? detections : userDetections).push({ type: detection.type, level: verdict.level, reason: verdict.reason });
  }

  const basis: AssessmentBasis = {
    username,
    userId: attempt.userId,
    clientId: attempt.clientId,
    ip: place.ip,
    source: place.source,
    deviceId: attempt.deviceId,
    userAgent: attempt.userAgent,
    browser,
    passwordOk: attempt.passwordOk,
    anonymousList,
    profile,
    sourceCounter,
    networkCounter,
  };
  return {
    eventId: newEventId(now),
    at: now,
    signInRisk: highestLevel(detections.map((finding) => finding.level)),
    userRisk: attempt.userId ? userRiskLevel(profile, now, userDetections) : 'none',
    detections,
    userDetections,
    throttle: throttleDecision({ now, source: place.source, sourceCounts, accountFailures: accountFailures.short, profile, deviceId: attempt.deviceId }),
    location: place.location,
    network: place.network,
    basis,
  };
}
