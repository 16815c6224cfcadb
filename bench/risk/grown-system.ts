/**
 * Step two of the risk-cost scenario: from the recorded history to a large system. The
 * long-standing user's events are copied back in time up to `userEvents`; other people's events
 * up to `systemEvents` in all; every other user gets a profile and every address active in the
 * last day a counter (and its network one), all copies of what the engine recorded. Collection
 * sizes are read back from the database (collStats: FerretDB's `count` decodes every document,
 * ~13 s per 100,000 events), so the report states what is really there.
 */
import { DAY } from '../../src/clock.ts';
import type { RiskCounterRecord } from '../../src/risk/models/risk-counter.ts';
import type { RiskProfileRecord } from '../../src/risk/models/risk-profile.ts';
import type { SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { seedCounters, seededUsers, seedProfiles, seedSystemEvents, seedUserEvents } from './history-seeding.ts';
import { networkOf } from './places.ts';
import type { RecordedHistory } from './recorded-history.ts';
import { collection, documentsIn } from './scratch-database.ts';
import type { Random } from './seeded-random.ts';
import type { RiskCostSizes } from './sizes.ts';

export interface SystemSize {
  events: number;
  profiles: number;
  counters: number;
}

export interface Growth {
  /** Copies of the long-standing user's events (every one inserted, or insertMany would have thrown). */
  userEventsSeeded: number;
  eventsSeeded: number;
  eventSeconds: number;
  profilesSeeded: number;
  countersSeeded: number;
  otherSeconds: number;
}

export async function systemSize(): Promise<SystemSize> {
  return { events: await documentsIn('sign_in_events'), profiles: await documentsIn('risk_profiles'), counters: await documentsIn('risk_counters') };
}

async function counterTemplates(kind: 'ip' | 'network', now: Date): Promise<RiskCounterRecord[]> {
  const active = await collection('risk_counters').find<RiskCounterRecord>({ kind, expiresAt: { $gt: now } }).toArray();
  return active.length > 0 ? active : collection('risk_counters').find<RiskCounterRecord>({ kind }).toArray();
}

async function existingKeys(kind: 'ip' | 'network'): Promise<Set<string>> {
  const counters = await collection('risk_counters').find<RiskCounterRecord>({ kind }, { projection: { key: 1 } }).toArray();
  return new Set(counters.map((counter) => counter.key));
}

export async function growSystem(history: RecordedHistory, options: {
  sizes: RiskCostSizes;
  now: Date;
  /** When the recorded history began: copied events go before it, within the retention period. */
  historyStart: Date;
  retentionMs: number;
  random: Random;
  progress: (message: string) => void;
}): Promise<Growth> {
  const { sizes, now, progress } = options;
  const events = collection('sign_in_events');
  const userTemplates = await events.find<SignInEventRecord>({ userId: history.user.userId }).toArray();
  const otherTemplates = await events.find<SignInEventRecord>({ userId: { $ne: history.user.userId } }).toArray();
  const span = { from: new Date(now.getTime() - options.retentionMs + DAY), to: options.historyStart };

  const eventsStarted = performance.now();
  const userMissing = Math.max(0, sizes.userEvents - userTemplates.length);
  progress(`risk cost: copying ${userMissing} events of the long-standing user`);
  await seedUserEvents(userTemplates, userMissing, span, options.retentionMs, (done) => progress(`risk cost: ${done} of ${userMissing} user events`));
  const users = seededUsers(Math.max(0, sizes.otherUsers - history.ordinary.length), options.random);
  const systemMissing = Math.max(0, sizes.systemEvents - (await documentsIn('sign_in_events')));
  progress(`risk cost: copying ${systemMissing} events of ${users.length} other users`);
  await seedSystemEvents(otherTemplates, users, systemMissing, span, options.retentionMs, (done) => progress(`risk cost: ${done} of ${systemMissing} system events`));
  const eventSeconds = (performance.now() - eventsStarted) / 1000;

  const othersStarted = performance.now();
  const profileTemplates = await collection('risk_profiles').find<RiskProfileRecord>({ _id: { $ne: history.user.userId } as never }).toArray();
  await seedProfiles(profileTemplates, users);
  const knownSources = await existingKeys('ip');
  const sources = [...new Set(users.slice(0, sizes.activeSources).map((user) => user.addresses[0]))].filter((ip) => !knownSources.has(ip));
  const knownNetworks = await existingKeys('network');
  const networks = [...new Set(sources.map(networkOf))].filter((network) => !knownNetworks.has(network));
  progress(`risk cost: ${users.length} profiles, ${sources.length} address and ${networks.length} network counters`);
  await seedCounters(await counterTemplates('ip', now), 'ip', sources);
  await seedCounters(await counterTemplates('network', now), 'network', networks);
  return {
    userEventsSeeded: userMissing,
    eventsSeeded: userMissing + systemMissing,
    eventSeconds,
    profilesSeeded: users.length,
    countersSeeded: sources.length + networks.length,
    otherSeconds: (performance.now() - othersStarted) / 1000,
  };
}
