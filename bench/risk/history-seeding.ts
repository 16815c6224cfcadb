/**
 * Growing the scratch database to the size of a large system from what the real engine wrote:
 * sign-in events are copies of recorded events (same shape: detections, steps, location) with
 * their own id and time — and, for other people, their own user and address; profiles and
 * counters are copies of real ones under other users' ids and other addresses. Events are
 * spread in time order over the retention period before the recorded history, as they would
 * have been written.
 */
import type { Document } from 'mongodb';
import type { RiskCounterRecord } from '../../src/risk/models/risk-counter.ts';
import type { RiskProfileRecord } from '../../src/risk/models/risk-profile.ts';
import type { SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { newEventId } from '../../src/risk/assess.ts';
import { counterId } from '../../src/risk/counters.ts';
import { insertGenerated } from './batch-insert.ts';
import { userIdFrom } from './personas.ts';
import { addressIn, COUNTRIES, networkOf } from './places.ts';
import { collection } from './scratch-database.ts';
import { pick, type Random } from './seeded-random.ts';

const BATCH_SIZE = 5000;

export interface SeededUser {
  userId: string;
  username: string;
  /** Home and work: where their events come from. */
  addresses: [string, string];
}

export interface TimeSpan {
  from: Date;
  to: Date;
}

export function seededUsers(count: number, random: Random): SeededUser[] {
  return Array.from({ length: count }, (_, index) => {
    const country = pick(random, COUNTRIES);
    return { userId: userIdFrom(random), username: `seeded${index}@risk-cost.test`, addresses: [addressIn(random, country), addressIn(random, country)] };
  });
}

function atIndex(span: TimeSpan, index: number, count: number): Date {
  return new Date(span.from.getTime() + Math.floor(((span.to.getTime() - span.from.getTime()) * index) / count));
}

function copyEvent(template: SignInEventRecord, at: Date, retentionMs: number, who?: { user: SeededUser; ip: string }): Document {
  const copy: SignInEventRecord = {
    ...template,
    _id: newEventId(at),
    at,
    expiresAt: new Date(at.getTime() + retentionMs),
    steps: template.steps.map((step) => ({ ...step, at })),
  };
  if (who) Object.assign(copy, { userId: who.user.userId, username: who.user.username, ip: who.ip, network: networkOf(who.ip) });
  return copy;
}

/** `count` more events of one user: copies of their own recorded events, at earlier times. */
export async function seedUserEvents(templates: SignInEventRecord[], count: number, span: TimeSpan, retentionMs: number, onProgress: (done: number) => void): Promise<void> {
  await insertGenerated(collection('sign_in_events'), count, (index) => {
    const template = templates[index % templates.length];
    if (!template) throw new Error('no recorded events to copy');
    return copyEvent(template, atIndex(span, index, count), retentionMs);
  }, { batchSize: BATCH_SIZE, progressEvery: 50_000, onProgress });
}

/** `count` events of other people, in turn, each from one of their two addresses. */
export async function seedSystemEvents(templates: SignInEventRecord[], users: SeededUser[], count: number, span: TimeSpan, retentionMs: number, onProgress: (done: number) => void): Promise<void> {
  await insertGenerated(collection('sign_in_events'), count, (index) => {
    const template = templates[index % templates.length];
    const user = users[index % users.length];
    if (!template || !user) throw new Error('no recorded events or users to copy');
    return copyEvent(template, atIndex(span, index, count), retentionMs, { user, ip: user.addresses[Math.floor(index / users.length) % 2] ?? user.addresses[0] });
  }, { batchSize: BATCH_SIZE, progressEvery: 100_000, onProgress });
}

/** A profile per seeded user, each a copy of a real one. */
export async function seedProfiles(templates: RiskProfileRecord[], users: SeededUser[]): Promise<void> {
  await insertGenerated(collection('risk_profiles'), users.length, (index) => {
    const template = templates[index % templates.length];
    const user = users[index];
    if (!template || !user) throw new Error('no recorded profiles to copy');
    return { ...template, _id: user.userId, username: user.username };
  }, { batchSize: BATCH_SIZE });
}

/** A counter per address (kind `ip`) or network (kind `network`), each a copy of a real one of that kind. */
export async function seedCounters(templates: RiskCounterRecord[], kind: 'ip' | 'network', keys: string[]): Promise<void> {
  await insertGenerated(collection('risk_counters'), keys.length, (index) => {
    const template = templates[index % templates.length];
    const key = keys[index];
    if (!template || key === undefined) throw new Error(`no recorded ${kind} counters to copy`);
    return { ...template, _id: counterId(kind, key), key };
  }, { batchSize: BATCH_SIZE });
}
