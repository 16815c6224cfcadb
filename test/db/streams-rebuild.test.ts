/**
 * `npm run admin -- lists rebuild` (README.md, "Admin console"): sign-ins, detections and
 * report-only decisions recorded before the streams existed are filed below the live entries, in
 * time order, so the lists show the whole history newest first and the overview counts it; live appends during a rebuild stay where they
 * belong; a second run files nothing; bad input exits 2 with one line.
 */
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/clock.ts';
import { detectionList } from '../../src/admin-console/lists/detection-list.ts';
import { signInList } from '../../src/admin-console/lists/sign-in-list.ts';
import { streamPage } from '../../src/admin-console/lists/stream-page.ts';
import { appendToStreams } from '../../src/db/streams/append.ts';
import { countBefore } from '../../src/db/streams/count-before.ts';
import { ReportOnlyEvent } from '../../src/policy/report-only-event.ts';
import { reportOnlyKinds, reportOnlyStream } from '../../src/policy/report-only-streams.ts';
import { recordReportOnly } from '../../src/policy/report-only-writer.ts';
import { RiskDetection, type RiskDetectionRecord } from '../../src/risk/models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { rebuildListStreams } from '../../src/risk/streams/rebuild.ts';
import { SIGN_INS_STREAM, signInStreamItems } from '../../src/risk/streams/sign-in-streams.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';

let vigil: TestApp;
let now: Date;
let old: SignInEventRecord[];
let live: SignInEventRecord[];
const cli = (args: string[]) => runCli(args, { databaseUri: vigil.databaseUri, configDir: vigil.configDir });

function event(minutesAgo: number, username: string): SignInEventRecord {
  return {
    _id: new ObjectId().toHexString(), at: new Date(now.getTime() - minutesAgo * MINUTE), username, userId: `id-${username}`, ip: '203.0.113.9',
    network: '203.0.113.0/24', browser: 'Firefox', passwordOk: true, outcome: 'success', riskLevel: minutesAgo % 2 ? 'medium' : 'none',
    detections: [], userRiskLevel: 'none', userDetections: [], riskState: 'none', decisions: [], steps: [], expiresAt: new Date(now.getTime() + 30 * DAY),
  };
}

const shownIds = async (filter: Parameters<typeof streamPage>[1]): Promise<string[]> =>
  (await streamPage(signInList, filter, null, 500, now))?.rows.map((row) => row._id) ?? [];

const newestFirst = (events: SignInEventRecord[]): string[] => [...events].sort((a, b) => b.at.getTime() - a.at.getTime()).map((e) => e._id);

beforeAll(async () => {
  vigil = await startTestApp({ label: 'lists-rebuild' });
  now = vigil.clock.now();
  old = Array.from({ length: 120 }, (_, n) => event(1000 + n, n % 3 ? 'olga' : 'otto'));
  live = Array.from({ length: 5 }, (_, n) => event(10 + n, 'olga'));
});
afterAll(async () => {
  await vigil.close();
});

describe('lists rebuild', () => {
  it('files the history recorded before the streams below the live entries, for every list and user', async () => {
    await SignInEvent.collection.insertMany(old as never[]);
    const detection: RiskDetectionRecord = { _id: 'old-detection', at: new Date(now.getTime() - 2 * DAY), scope: 'signIn', type: 'passwordSpray', level: 'high', reason: 'old', username: 'otto', state: 'atRisk', expiresAt: new Date(now.getTime() + DAY) };
    await RiskDetection.collection.insertOne(detection as never);
    // Two report-only decisions before the upgrade: stored, in no stream.
    for (const daysAgo of [3, 2]) await ReportOnlyEvent.create({ policy: 'signInRisk', userId: 'id-otto', wouldHave: 'mfa', at: new Date(now.getTime() - daysAgo * DAY), expiresAt: new Date(now.getTime() + DAY) });
    // Vigil upgraded: sign-ins and decisions recorded since are in the streams already.
    for (const recorded of [...live].reverse()) {
      await SignInEvent.collection.insertOne(recorded as never);
      await appendToStreams(signInStreamItems(recorded));
    }
    await recordReportOnly({ policy: 'signInRisk', userId: 'id-olga', wouldHave: 'mfa' }, new Date(now.getTime() - 5 * MINUTE));
    expect(await shownIds({})).toEqual(newestFirst(live));

    const run = await cli(['lists', 'rebuild']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('filed 120 sign-ins, 1 detections and 2 report-only decisions');

    expect(await shownIds({})).toEqual(newestFirst([...live, ...old]));
    expect(await shownIds({ user: 'otto' })).toEqual(newestFirst(old.filter((e) => e.username === 'otto')));
    expect(await shownIds({ level: 'medium' })).toEqual(newestFirst([...live, ...old].filter((e) => e.riskLevel === 'medium')));
    expect((await streamPage(detectionList, { user: 'otto' }, null, 50, now))?.rows.map((d) => d._id)).toEqual(['old-detection']);
    // Counts by binary search include the filed history.
    const [before, all] = await countBefore(SIGN_INS_STREAM, [new Date(now.getTime() - 60 * MINUTE), now]);
    expect((all ?? 0) - (before ?? 0)).toBe(live.length);
    // The overview's report-only counts: the two older decisions below the live one, in time order.
    expect(await reportOnlyKinds()).toEqual([{ policy: 'signInRisk', wouldHave: 'mfa' }]);
    const [threeDaysAgo = 0, dayAgo = 0, current = 0] = await countBefore(reportOnlyStream('signInRisk', 'mfa'), [new Date(now.getTime() - 3 * DAY), new Date(now.getTime() - DAY), now]);
    expect([dayAgo - threeDaysAgo, current - dayAgo]).toEqual([2, 1]);
  });

  it('files nothing twice', async () => {
    const again = await cli(['lists', 'rebuild', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ signIns: 0, detections: 0, reportOnly: 0 });
    expect(await shownIds({})).toHaveLength(live.length + old.length);
  });

  it('leaves live appends where they belong while it runs', async () => {
    const older = Array.from({ length: 30 }, (_, n) => event(5000 + n, 'pia'));
    await SignInEvent.collection.insertMany(older as never[]);
    const fresh = event(1, 'pia');
    await SignInEvent.collection.insertOne(fresh as never);
    const [filed] = await Promise.all([rebuildListStreams(), appendToStreams(signInStreamItems(fresh))]);
    expect(filed.signIns).toBe(30);
    expect(await shownIds({ user: 'pia' })).toEqual(newestFirst([fresh, ...older]));
  });

  it('answers bad input with exit 2 and one line', async () => {
    const bad = await cli(['lists', 'rebuild', 'everything']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('lists rebuild takes no arguments');
    expect((await cli(['lists', 'rebuild', '--force'])).code).toBe(2);
  });
});
