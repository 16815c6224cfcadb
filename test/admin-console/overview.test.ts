import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, ManualClock } from '../../src/clock.ts';
import { appendToStreams } from '../../src/db/streams/append.ts';
import { recordReportOnly } from '../../src/policy/report-only-writer.ts';
import { amendDecision } from '../../src/risk/amend-decision.ts';
import { recordLateDetection } from '../../src/risk/late-detection.ts';
import { RiskDetection, type RiskDetectionRecord } from '../../src/risk/models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord, type SignInOutcome } from '../../src/risk/models/sign-in-event.ts';
import type { RiskLevel } from '../../src/risk/level.ts';
import { recordSignInStep } from '../../src/risk/remediation.ts';
import { detectionStreamItems } from '../../src/risk/streams/detection-streams.ts';
import { signInStreamItems } from '../../src/risk/streams/sign-in-streams.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;
let adaId: string;
let seeded = 0;

/** A sign-in as the risk engine records it (the event, then its places in the streams), with what the overview counts. */
function seededSignIn(at: Date, outcome: SignInOutcome, riskLevel: RiskLevel): SignInEventRecord {
  seeded += 1;
  return {
    _id: `seeded-${seeded}`, at, username: `seeded${seeded % 7}`, ip: '198.51.100.7', network: '198.51.100.0/24', browser: 'Firefox', passwordOk: outcome !== 'failedPassword',
    outcome, riskLevel, detections: [], userRiskLevel: 'none', userDetections: [], riskState: riskLevel === 'none' ? 'none' : 'atRisk', decisions: [], steps: [],
    expiresAt: new Date(at.getTime() + 365 * DAY),
  };
}

async function recordSignIns(events: SignInEventRecord[]): Promise<void> {
  await SignInEvent.collection.insertMany(events as never[]);
  await appendToStreams(events.flatMap(signInStreamItems));
}

async function recordDetection(detection: RiskDetectionRecord): Promise<void> {
  await RiskDetection.collection.insertOne(detection as never);
  await appendToStreams(detectionStreamItems(detection));
}

/**
 * Half past an hour that has passed: the requests of this file (each admin sign-in moves the clock
 * half a minute) stay in one hour, so the bars' edges the seeds are placed around do not move.
 */
const START = Math.floor(Date.now() / HOUR) * HOUR - HOUR / 2;
/** The 24-hour range at START: its first bar, and a bar three hours before START's. */
const SINCE = Math.floor(START / HOUR) * HOUR + HOUR - DAY;
const EDGE_BAR = Math.floor(START / HOUR) * HOUR - 3 * HOUR;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-overview', env: { ADMIN_MFA_STRENGTH: 'mfa' }, clock: new ManualClock(new Date(START)), monitorCommands: true });
  const ada = await createTestUser({ username: 'ada', groups: ['vigil-admins'] });
  adaId = ada._id.toString();
  adaMfa = await registerMfa(vigil, adaId);
  // Recorded in time order, as the risk engine appends (a stream is in `at` order).
  await recordSignIns([
    // Ten days ago one high-risk blocked sign-in, three days ago two more.
    seededSignIn(new Date(START - 10 * DAY), 'blocked', 'high'),
    seededSignIn(new Date(START - 3 * DAY), 'blocked', 'high'),
    seededSignIn(new Date(START - 3 * DAY), 'blocked', 'high'),
    // Throttled sign-ins on either side of the 24 hours' first edge and of a bar's two edges.
    ...[SINCE - 1, SINCE, EDGE_BAR - 1, EDGE_BAR, EDGE_BAR + HOUR - 1, EDGE_BAR + HOUR].map((at) => seededSignIn(new Date(at), 'throttled', 'none')),
  ].sort((a, b) => a.at.getTime() - b.at.getTime()));
  await recordDetection({ _id: 'seeded-detection-1', at: new Date(START - 3 * DAY), type: 'passwordSpray', scope: 'signIn', level: 'high', state: 'atRisk', reason: 'seeded', username: 'seeded1', expiresAt: new Date(START + DAY) });
  for (let i = 2; i >= 0; i -= 1) await recordReportOnly({ policy: 'signInRisk', userId: adaId, wouldHave: 'mfa' }, new Date(START - 2 * DAY - i * HOUR));
});
afterAll(async () => {
  await vigil.close();
});

const rowsWithHigh = (html: string): number => {
  // The risk level table's columns: none, low, medium, high, total.
  const table = html.slice(html.indexOf('Sign-ins by risk level'));
  return [...table.matchAll(/<th scope="row">[^<]+<\/th><td>\d+<\/td><td>\d+<\/td><td>\d+<\/td><td>(\d+)<\/td>/g)].reduce((sum, m) => sum + Number(m[1]), 0);
};

/** One period's row of the outcome table (its columns in SIGN_IN_OUTCOMES order, then the total) or of the level table. */
function tableRow(html: string, table: 'outcome' | 'level', period: string): number[] {
  const levels = html.indexOf('Sign-ins by risk level');
  const section = table === 'outcome' ? html.slice(0, levels) : html.slice(levels);
  const row = new RegExp(`<tr><th scope="row">${period}</th>((?:<td>\\d+</td>)+)</tr>`).exec(section);
  if (!row?.[1]) throw new Error(`no ${table} row for ${period}`);
  return [...row[1].matchAll(/<td>(\d+)<\/td>/g)].map((cell) => Number(cell[1]));
}

const hourLabel = (at: number): string => `${new Date(at).toISOString().slice(0, 10)} ${new Date(at).toISOString().slice(11, 13)}:00`;
/** The outcome chart's description: each series' total over the range. */
const seriesTotals = (html: string): string => /<desc id="outcome-chart-desc">Stacked bars, one per period: ([^.]+)\./.exec(html)?.[1] ?? '';

describe('admin console overview ranges', () => {
  it('shows 24 hours by default, and 7 or 30 days on request, each with charts by outcome and risk level and their tables', async () => {
    const { browser, page } = await adminSignIn(vigil, 'ada', adaMfa);
    expect(page.html).toContain('<a class="link" href="/admin?range=24h" aria-current="page">');
    expect(page.html).toContain('<title id="outcome-chart-title">Sign-ins by outcome, last 24 hours (UTC)</title>');
    expect(page.html).toContain('<title id="level-chart-title">Sign-ins by risk level, last 24 hours (UTC)</title>');
    expect(rowsWithHigh(page.html)).toBe(0);

    const week = await browser.open('/admin?range=7d');
    expect(week.status).toBe(200);
    expect(week.html).toContain('aria-current="page">7 days');
    expect(week.html.match(/<tr><th scope="row">/g)?.length).toBeGreaterThanOrEqual(28 * 2);
    expect(rowsWithHigh(week.html)).toBe(2);
    expect(week.html).toContain('<title id="detections-chart-title">Detections by type, last 7 days</title>');
    expect(week.html).toContain('<tr><th scope="row">passwordSpray</th><td>1</td></tr>');

    const month = await browser.open('/admin?range=30d');
    expect(rowsWithHigh(month.html)).toBe(3);
    const dayRow = new Date(vigil.clock.now().getTime() - 10 * DAY).toISOString().slice(0, 10);
    expect(month.html).toContain(`<th scope="row">${dayRow}</th>`);
    expect(tableRow(month.html, 'outcome', dayRow)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('says what a report-only policy would have done in the range', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const week = await browser.open('/admin?range=7d');
    expect(week.html).toMatch(/The <strong>signInRisk<\/strong> policy would have required mfa at <strong>3<\/strong> sign-ins in the last 7 days\./);
    expect(week.html).toContain('<tr><th scope="row">signInRisk: mfa</th><td>3</td></tr>');
    const today = await browser.open('/admin');
    expect(today.html).toContain('No report-only policy would have acted in the last 24 hours.');
  });

  it('answers an unknown or repeated range with 400 and the choices', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    for (const query of ['range=1y', 'range=7d&range=30d', 'range=']) {
      const page = await browser.open(`/admin?${query}`);
      expect(page.status).toBe(400);
      expect(page.html).toContain('Choose a range from the list');
      expect(page.html).toContain('href="/admin?range=30d"');
    }
  });
});

describe('admin console overview counts', () => {
  it('counts each sign-in in the bar of its time, to the millisecond, and the range ends at now', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const now = vigil.clock.now().getTime();
    await recordSignIns([seededSignIn(new Date(now), 'throttled', 'none'), seededSignIn(new Date(now + 1), 'throttled', 'none')]);
    const day = await browser.open('/admin');
    const throttled = (period: number): number => tableRow(day.html, 'outcome', hourLabel(period))[7] ?? -1;
    expect([throttled(EDGE_BAR - HOUR), throttled(EDGE_BAR), throttled(EDGE_BAR + HOUR)]).toEqual([1, 2, 1]);
    expect(throttled(SINCE)).toBe(1);
    expect(throttled(now)).toBe(1);
    expect(seriesTotals(day.html)).toMatch(/Failed or blocked 6$/);
  });

  it('counts a sign-in under the outcome and level it has now: amended, failed at MFA, raised by a late detection', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const now = vigil.clock.now();
    const period = hourLabel(now.getTime());
    const rows = async (): Promise<{ outcomes: number[]; levels: number[] }> => {
      const page = await browser.open('/admin');
      return { outcomes: tableRow(page.html, 'outcome', period), levels: tableRow(page.html, 'level', period) };
    };
    const added = (after: number[], before: number[]): number[] => after.map((count, i) => count - (before[i] ?? 0));
    const start = await rows();
    const amended = seededSignIn(now, 'success', 'none');
    const failedMfa = seededSignIn(now, 'mfaRequired', 'low');
    const cloned = seededSignIn(now, 'success', 'none');
    await recordSignIns([amended, failedMfa, cloned]);
    const recorded = await rows();
    // Columns: success, mfaRequired, mfaFailed, blocked, failedPassword, failedPasskey, unknownUser, throttled, total; none, low, medium, high, total.
    expect(added(recorded.outcomes, start.outcomes)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 3]);
    expect(added(recorded.levels, start.levels)).toEqual([2, 1, 0, 0, 3]);

    expect(await amendDecision(amended._id, [{ policy: 'client', decision: 'mfa' }])).toBe('success');
    expect((await recordSignInStep(failedMfa._id, 'mfa', 'failure', vigil.clock)).status).toBe('OK');
    expect(await recordLateDetection(cloned._id, { type: 'clonedAuthenticator', level: 'medium', reason: 'the counter went back' }, now)).toBe(true);

    const changed = await rows();
    expect(added(changed.outcomes, start.outcomes)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 3]);
    expect(added(changed.levels, start.levels)).toEqual([1, 1, 1, 0, 3]);
    const page = await browser.open('/admin');
    expect(page.html).toContain('<tr><th scope="row">clonedAuthenticator</th><td>1</td></tr>');
  });
});

interface Command { name: string; collection: string; filter: unknown }

/** The overview's database commands, with the collection and filter of each. */
async function overviewCommands(open: () => Promise<unknown>): Promise<Command[]> {
  const client = mongoose.connection.getClient();
  const commands: Command[] = [];
  const listener = (event: { commandName: string; command: Record<string, unknown> }): void => {
    // A getMore names its collection apart (its command's value is the cursor).
    const collection = event.commandName === 'getMore' ? event.command.collection : event.command[event.commandName];
    commands.push({ name: event.commandName, collection: typeof collection === 'string' ? collection : '', filter: event.command.filter });
  };
  client.on('commandStarted', listener);
  try {
    await open();
  } finally {
    client.off('commandStarted', listener);
  }
  // The policy poller's reads are not the request's.
  return commands.filter((command) => command.collection !== 'policy_versions');
}

const EVENT_COLLECTIONS = ['sign_in_events', 'risk_detections', 'report_only_events'];
const isIdFind = (command: Command): boolean => command.name === 'find' && typeof command.filter === 'object' && command.filter !== null && Object.keys(command.filter).join() === '_id';

describe('admin console overview cost', () => {
  it('reads the streams by _id only, never the events, and for 3,000 recorded sign-ins only a binary search\'s extra steps more than for 300', async () => {
    /** `count` sign-ins spread over the 29 days after `from` (in time order, after everything before), then the clock at the 30th day and an admin signed in. */
    const monthOfSignIns = async (from: number, count: number) => {
      await recordSignIns(Array.from({ length: count }, (_, i) => seededSignIn(new Date(from + Math.floor((i * 29 * DAY) / count)), i % 5 ? 'failedPassword' : 'unknownUser', i % 11 ? 'low' : 'medium')));
      vigil.clock.set(new Date(from + 30 * DAY));
      return (await adminSignIn(vigil, 'ada', adaMfa)).browser;
    };
    const first = vigil.clock.now().getTime() + HOUR;
    const smallBrowser = await monthOfSignIns(first, 300);
    const small = await overviewCommands(() => smallBrowser.open('/admin?range=30d'));
    const largeBrowser = await monthOfSignIns(first + 31 * DAY, 2_700);
    const large = await overviewCommands(() => largeBrowser.open('/admin?range=30d'));

    const ofStreams = (commands: Command[]): Command[] => commands.filter((c) => c.collection.startsWith('stream_'));
    // A large read's further batches come by getMore (FerretDB sends at most about a hundred documents a batch).
    const streamFinds = (commands: Command[]): Command[] => ofStreams(commands).filter((c) => c.name !== 'getMore');
    const others = (commands: Command[]): string[] => commands.filter((c) => !c.collection.startsWith('stream_')).map((c) => `${c.name} ${c.collection}`);
    for (const commands of [small, large]) {
      expect(commands.filter((c) => EVENT_COLLECTIONS.includes(c.collection))).toEqual([]);
      expect(streamFinds(commands).length).toBeGreaterThan(0);
      expect(streamFinds(commands).filter((c) => !isIdFind(c))).toEqual([]);
    }
    // The session, the admin, the report-only kinds and the users at risk: the same whatever the history.
    expect(others(large)).toEqual(others(small));
    expect(others(small)).toEqual(['findAndModify admin_console_sessions', 'find users', 'find report_only_kinds', 'find risk_profiles']);
    // Ten times the entries: log2(10) < 4 more search steps, each one read for every stream and bar.
    const extra = streamFinds(large).length - streamFinds(small).length;
    expect(extra).toBeGreaterThanOrEqual(0);
    expect(extra).toBeLessThanOrEqual(4);
  }, 120_000);
});
