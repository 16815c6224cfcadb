/**
 * Backtesting: runs recorded sign-ins (JSON lines) through the SAME detections, recording and
 * remediation as live sign-ins, on a scratch database the caller has connected mongoose to, with
 * a ManualClock set to each line's time and the caller's policy decision. Users are created on
 * the fly by username. MFA is taken as completed when the decision requires it unless the line
 * says `"mfaOk": false`, so remediation applies as it would live. Every line is validated before
 * anything runs; a bad line throws ReplayInputError naming its line number.
 *
 * Input line:  {"time": ISO-8601, "username", "ip", "userAgent", "deviceId", "passwordOk": bool, "mfaOk"?: bool}
 * Output line: {"line", "username", "time", "riskLevel", "detections": [{"type","level","reason","scope"}], "decision"}
 */
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../clock.ts';
import { User } from '../users/user.ts';
import type { AnonymousIpList } from '../risk/anonymous-ips.ts';
import type { BreachedPasswordChecker } from '../risk/attempt.ts';
import type { DetectionScope, DetectionType, Finding } from '../risk/detection-types.ts';
import type { Detection } from '../risk/detections/index.ts';
import { createRiskEngine } from '../risk/engine.ts';
import type { Geolocator } from '../risk/geo.ts';
import { parseIp } from '../risk/ip.ts';
import { RISK_LEVELS, type RiskLevel } from '../risk/level.ts';
import type { SignInOutcome } from '../risk/models/sign-in-event.ts';

export const REPLAY_DECISIONS = ['allow', 'mfa', 'mfa+passwordChange', 'block'] as const;
export type ReplayDecision = (typeof REPLAY_DECISIONS)[number];

export interface ReplayInputLine {
  time: string;
  username: string;
  ip: string;
  userAgent: string;
  deviceId: string;
  passwordOk: boolean;
  mfaOk?: boolean;
}

export interface DecisionInput {
  username: string;
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
  passwordOk: boolean;
  /** The sign-in's detections (an attack changes what the password decides). */
  detections: readonly Finding[];
}

export type DecideFn = (input: DecisionInput) => ReplayDecision | Promise<ReplayDecision>;

export interface ReplayResult {
  line: number;
  username: string;
  time: string;
  riskLevel: RiskLevel;
  detections: Array<{ type: DetectionType; level: string; reason: string; scope: DetectionScope }>;
  decision: ReplayDecision;
}

export interface ReplayTotals {
  events: number;
  byRiskLevel: Record<RiskLevel, number>;
  byDecision: Record<ReplayDecision, number>;
  byDetection: Partial<Record<DetectionType, number>>;
  users: number;
}

export interface ReplayReport {
  results: ReplayResult[];
  totals: ReplayTotals;
}

export interface ReplayOptions {
  decide: DecideFn;
  geolocator?: Geolocator | undefined;
  anonymousIps?: AnonymousIpList | undefined;
  breachedPasswords?: BreachedPasswordChecker | undefined;
  detections?: readonly Detection[] | undefined;
  /** Called with each result as it is produced (e.g. to stream output). */
  onResult?: ((result: ReplayResult) => void) | undefined;
}

export class ReplayInputError extends Error {
  readonly line: number;

  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'ReplayInputError';
    this.line = line;
  }
}

const KNOWN_FIELDS = new Set(['time', 'username', 'ip', 'userAgent', 'deviceId', 'passwordOk', 'mfaOk']);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function requireString(record: Record<string, unknown>, field: string, line: number, options: { allowEmpty?: boolean } = {}): string {
  const value = record[field];
  if (typeof value !== 'string') throw new ReplayInputError(line, `"${field}" must be a string`);
  if (!options.allowEmpty && value.trim() === '') throw new ReplayInputError(line, `"${field}" must not be empty`);
  if (value.length > 1024) throw new ReplayInputError(line, `"${field}" is longer than 1024 characters`);
  return value;
}

/** Parses and validates one input line (1-based number for messages). */
export function parseReplayLine(text: string, line: number): ReplayInputLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReplayInputError(line, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ReplayInputError(line, 'must be a JSON object');
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw new ReplayInputError(line, `unknown field(s): ${unknown.join(', ')}`);
  const time = requireString(record, 'time', line);
  if (!ISO_8601.test(time) || Number.isNaN(Date.parse(time))) throw new ReplayInputError(line, `"time" must be an ISO-8601 date-time with a time zone, got "${time}"`);
  const username = requireString(record, 'username', line);
  const ip = requireString(record, 'ip', line);
  if (!parseIp(ip)) throw new ReplayInputError(line, `"ip" is not an IP address: "${ip}"`);
  const userAgent = requireString(record, 'userAgent', line, { allowEmpty: true });
  const deviceId = requireString(record, 'deviceId', line, { allowEmpty: true });
  if (typeof record.passwordOk !== 'boolean') throw new ReplayInputError(line, '"passwordOk" must be true or false');
  if (record.mfaOk !== undefined && typeof record.mfaOk !== 'boolean') throw new ReplayInputError(line, '"mfaOk" must be true or false when given');
  const parsed: ReplayInputLine = { time, username, ip, userAgent, deviceId, passwordOk: record.passwordOk };
  if (typeof record.mfaOk === 'boolean') parsed.mfaOk = record.mfaOk;
  return parsed;
}

/** All non-blank lines, validated, in order; times must not go backwards. */
export function parseReplayInput(input: string): Array<{ line: number; event: ReplayInputLine }> {
  const events: Array<{ line: number; event: ReplayInputLine }> = [];
  let previous: { line: number; at: number } | null = null;
  input.split(/\r?\n/).forEach((text, index) => {
    if (text.trim() === '') return;
    const line = index + 1;
    const event = parseReplayLine(text, line);
    const at = Date.parse(event.time);
    if (previous && at < previous.at) throw new ReplayInputError(line, `"time" is earlier than line ${previous.line}'s: lines must be in time order`);
    previous = { line, at };
    events.push({ line, event });
  });
  return events;
}

async function userIdFor(username: string, cache: Map<string, string>, now: Date): Promise<string> {
  const key = username.trim().toLowerCase();
  const cached = cache.get(key);
  if (cached) return cached;
  // No projection: FerretDB 1.x does not implement one on findAndModify.
  const user = await User.findOneAndUpdate(
    { username: key },
    {
      $setOnInsert: {
        username: key, emailKey: `none:${key}`, emailVerified: false,
        // Not a valid hash of anything: scratch users can never sign in for real.
        passwordHash: `!replay-${randomBytes(8).toString('hex')}`, passwordChangedAt: now, mustChangePassword: false,
        groups: [], disabled: false, mfaGraceExtensionDays: 0,
      },
    },
    { upsert: true, returnDocument: 'after' },
  ).lean<{ _id: { toString(): string } }>();
  if (!user) throw new Error(`replay: could not create user ${key}`);
  const id = user._id.toString();
  cache.set(key, id);
  return id;
}

function outcomeFor(passwordOk: boolean, decision: ReplayDecision, mfaOk: boolean): SignInOutcome {
  if (!passwordOk) return 'failedPassword';
  if (decision === 'block') return 'blocked';
  if (decision === 'allow') return 'success';
  return mfaOk ? 'mfaRequired' : 'mfaFailed';
}

export async function replay(input: string, options: ReplayOptions): Promise<ReplayReport> {
  const events = parseReplayInput(input);
  const clock = new ManualClock(events[0]?.event.time ?? new Date(0));
  const engine = createRiskEngine({ clock, geolocator: options.geolocator, anonymousIps: options.anonymousIps, breachedPasswords: options.breachedPasswords, detections: options.detections });
  const users = new Map<string, string>();
  const results: ReplayResult[] = [];
  const totals: ReplayTotals = {
    events: 0,
    byRiskLevel: Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>,
    byDecision: Object.fromEntries(REPLAY_DECISIONS.map((decision) => [decision, 0])) as Record<ReplayDecision, number>,
    byDetection: {},
    users: 0,
  };

  for (const { line, event } of events) {
    clock.set(event.time);
    const userId = await userIdFor(event.username, users, clock.now());
    const assessment = await engine.assess({
      username: event.username, userId, ip: event.ip, userAgent: event.userAgent, deviceId: event.deviceId || undefined, passwordOk: event.passwordOk,
    });
    const decision = await options.decide({ username: event.username, signInRisk: assessment.signInRisk, userRisk: assessment.userRisk, passwordOk: event.passwordOk, detections: assessment.detections });
    if (!REPLAY_DECISIONS.includes(decision)) throw new Error(`replay: decide() returned "${String(decision)}" for line ${line}`);
    const mfaOk = event.mfaOk !== false;
    const outcome = outcomeFor(event.passwordOk, decision, mfaOk);
    const recorded = await engine.record(assessment, { outcome, decisions: [{ policy: 'replay', decision }] });
    if (outcome === 'mfaRequired') {
      await engine.remediateSignIn(recorded.eventId);
      if (decision === 'mfa+passwordChange') await engine.remediateUserRisk(userId);
    }

    const result: ReplayResult = {
      line,
      username: event.username,
      time: clock.now().toISOString(),
      riskLevel: assessment.signInRisk,
      detections: [
        ...assessment.detections.map((finding) => ({ ...finding, scope: 'signIn' as const })),
        ...assessment.userDetections.map((finding) => ({ ...finding, scope: 'user' as const })),
      ],
      decision,
    };
    totals.events += 1;
    totals.byRiskLevel[result.riskLevel] += 1;
    totals.byDecision[decision] += 1;
    for (const detection of result.detections) totals.byDetection[detection.type] = (totals.byDetection[detection.type] ?? 0) + 1;
    options.onResult?.(result);
    results.push(result);
  }
  totals.users = users.size;
  return { results, totals };
}
