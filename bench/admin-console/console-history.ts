/**
 * A large sign-in history for the console's list pages, generated (not made by the engine: the
 * lists read stored events, whatever made them): `count` events over 30 days, newest at `now`,
 * across 10,000 usernames, three countries, two apps; 1 in 50 a high-risk password spray, 1 in
 * 20 medium. Written with unordered `insertMany` batches (bench/risk/batch-insert.ts).
 */
import { ObjectId, type Collection, type Document } from 'mongodb';
import { insertGenerated } from '../risk/batch-insert.ts';

const DAY = 24 * 60 * 60 * 1000;
const COUNTRIES = ['DE', 'FR', 'US'];
const APPS = ['bench-web', 'bench-mobile'];

export interface SeededEvent { _id: string; at: Date }

export function consoleEvent(index: number, count: number, now: Date): Document & SeededEvent {
  const at = new Date(now.getTime() - Math.floor((index / count) * 30 * DAY));
  const spray = index % 50 === 0;
  const medium = !spray && index % 20 === 0;
  const riskLevel = spray ? 'high' : medium ? 'medium' : 'none';
  return {
    _id: new ObjectId().toHexString(), at, userId: new ObjectId().toHexString(), username: `person${index % 10_000}`,
    clientId: APPS[index % APPS.length], ip: `198.51.100.${index % 250}`, network: '198.51.100.0/24', asn: 64_500, asOrg: 'Bench Net',
    country: COUNTRIES[index % COUNTRIES.length], region: 'Region', city: 'Town', deviceId: `device-${index % 20_000}`,
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', browser: 'Firefox', passwordOk: !spray,
    outcome: spray ? 'failedPassword' : 'success', riskLevel,
    detections: spray ? [{ type: 'passwordSpray', level: 'high', reason: 'one address tried many accounts' }]
      : medium ? [{ type: 'unfamiliarSignInProperties', level: 'medium', reason: 'new device and address' }] : [],
    userRiskLevel: 'none', userDetections: [], riskState: riskLevel === 'none' ? 'none' : 'atRisk',
    decisions: spray ? [{ policy: 'sign-in-risk', decision: 'block' }] : [], steps: [], expiresAt: new Date(now.getTime() + 60 * DAY),
  };
}

/** Seeds the history and returns the event in the middle of it (where the deep pages start). */
export async function seedConsoleHistory(collection: Collection, count: number, now: Date, onProgress: (done: number) => void): Promise<SeededEvent> {
  let middle: SeededEvent | undefined;
  await insertGenerated(collection, count, (index) => {
    const event = consoleEvent(index, count, now);
    if (index === Math.floor(count / 2)) middle = { _id: event._id, at: event.at };
    return event;
  }, { batchSize: 2000, progressEvery: Math.max(2000, Math.floor(count / 10)), onProgress });
  if (!middle) throw new Error('no events were seeded');
  return middle;
}
