/**
 * A large sign-in history for the console's list pages, generated (not made by the engine: the
 * lists read stored events, whatever made them): `count` events over 30 days, newest at `now`,
 * across 10,000 users (one id each), three countries, two apps; 1 in 50 a high-risk password
 * spray, 1 in 20 medium. Written oldest first in batches of 2,000: the events with an unordered
 * `insertMany`, and their stream entries through the recorder's own append
 * (src/db/streams/append.ts, on this process's mongoose connection), so the streams are what
 * recording would have made.
 */
import mongoose from 'mongoose';
import { ObjectId, type Collection, type Document } from 'mongodb';
import { appendToStreams } from '../../src/db/streams/append.ts';
import type { SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { signInStreamItems } from '../../src/risk/streams/sign-in-streams.ts';

const DAY = 24 * 60 * 60 * 1000;
const COUNTRIES = ['DE', 'FR', 'US'];
const APPS = ['bench-web', 'bench-mobile'];

/** An event of the history and its position in the `sign-ins` stream. */
export interface SeededEvent { _id: string; at: Date; seq: number }

export function consoleEvent(index: number, count: number, now: Date): Document & Pick<SeededEvent, '_id' | 'at'> {
  const at = new Date(now.getTime() - Math.floor((index / count) * 30 * DAY));
  const spray = index % 50 === 0;
  const medium = !spray && index % 20 === 0;
  const riskLevel = spray ? 'high' : medium ? 'medium' : 'none';
  return {
    _id: new ObjectId().toHexString(), at, userId: (index % 10_000).toString(16).padStart(24, '0'), username: `person${index % 10_000}`,
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

const BATCH = 2000;
const APPEND = 500;

/** Seeds the history (oldest first) and returns the event in the middle of it (where the deep pages start). */
export async function seedConsoleHistory(databaseUri: string, collection: Collection, count: number, now: Date, onProgress: (done: number) => void): Promise<SeededEvent> {
  await mongoose.connect(databaseUri, { autoIndex: false, serverSelectionTimeoutMS: 5000 });
  let middle: SeededEvent | undefined;
  let nextReport = Math.max(BATCH, Math.floor(count / 10));
  try {
    for (let start = 0; start < count; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) => consoleEvent(count - 1 - (start + offset), count, now));
      const half = Math.floor(count / 2) - start;
      const atHalf = batch[half];
      if (atHalf) middle = { _id: atHalf._id, at: atHalf.at, seq: Math.floor(count / 2) + 1 };
      await collection.insertMany(batch as never[], { ordered: false });
      for (let from = 0; from < batch.length; from += APPEND) {
        await appendToStreams(batch.slice(from, from + APPEND).flatMap((event) => signInStreamItems(event as unknown as SignInEventRecord)));
      }
      const done = start + batch.length;
      if (done >= nextReport) {
        onProgress(done);
        nextReport += Math.max(BATCH, Math.floor(count / 10));
      }
    }
  } finally {
    await mongoose.disconnect();
  }
  if (!middle) throw new Error('no events were seeded');
  return middle;
}
