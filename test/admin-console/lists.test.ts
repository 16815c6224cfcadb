/**
 * The admin console's lists over a large seeded history (README.md, "Admin console"): risky
 * sign-ins, risk detections and risky users with their filters, keyset paging that neither
 * repeats nor loses a row while new events arrive, the CSV export (same filters, formula cells
 * guarded), the per-sign-in page, bad filters answered 400 with the form, and access control;
 * every page is read from the streams (src/db/streams/) by `_id`, its command count the same
 * whatever the history's size.
 */
import mongoose from 'mongoose';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/clock.ts';
import { RiskDetection, type RiskDetectionRecord } from '../../src/risk/models/risk-detection.ts';
import { RiskProfile } from '../../src/risk/models/risk-profile.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { User } from '../../src/users/user.ts';
import { signInList } from '../../src/admin-console/lists/sign-in-list.ts';
import { streamAll } from '../../src/admin-console/lists/stream-page.ts';
import { appendToStreams } from '../../src/db/streams/append.ts';
import { detectionStreamItems } from '../../src/risk/streams/detection-streams.ts';
import { signInStreamItems } from '../../src/risk/streams/sign-in-streams.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { UserAgent } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

const EVENTS = 2000;
const DETECTIONS = 1200;
const PROFILES = 130;
const NAMES = Array.from({ length: 20 }, (_, i) => `user${i}`);
const COUNTRIES = ['DE', 'FR', 'US'];
const APPS = ['shop', 'wiki'];

let vigil: TestApp;
let admin: UserAgent;
let adaMfa: RegisteredMfa;
let staffMfa: RegisteredMfa;
let seeded: SignInEventRecord[];
let detections: RiskDetectionRecord[];
let nellyId: string;
let start: Date;

/** Seeded sign-in n: a mix of levels, countries, apps and spray detections; every third shares its time with the next two. */
function signInEvent(n: number, now: Date): SignInEventRecord {
  const at = new Date(now.getTime() - HOUR - Math.floor(n / 3) * 7 * MINUTE);
  const spray = n % 10 === 0;
  const riskLevel = spray ? 'high' : n % 7 === 0 ? 'medium' : 'none';
  return {
    _id: new ObjectId().toHexString(), at, username: NAMES[n % NAMES.length] ?? 'user0', userId: new ObjectId().toHexString(),
    clientId: APPS[n % APPS.length], ip: `203.0.113.${n % 250}`, network: '203.0.113.0/24', asn: 64500, asOrg: 'Example Net',
    country: COUNTRIES[n % COUNTRIES.length], region: 'Region', city: 'Town', deviceId: `device-${n}`, userAgent: 'Mozilla/5.0',
    browser: 'Firefox', passwordOk: !spray, outcome: spray ? 'failedPassword' : 'success', riskLevel,
    detections: spray ? [{ type: 'passwordSpray', level: 'high', reason: `one address tried ${n} accounts` }] : riskLevel === 'medium' ? [{ type: 'unfamiliarSignInProperties', level: 'medium', reason: 'new device' }] : [],
    userRiskLevel: 'none', userDetections: [], riskState: riskLevel === 'none' ? 'none' : 'atRisk',
    decisions: spray ? [{ policy: 'sign-in-risk', decision: 'block' }] : [], steps: [], expiresAt: new Date(now.getTime() + 90 * DAY),
  };
}

function detection(n: number, now: Date): RiskDetectionRecord {
  return {
    _id: new ObjectId().toHexString(), at: new Date(now.getTime() - HOUR - Math.floor(n / 2) * 11 * MINUTE), scope: 'signIn',
    type: n % 3 === 0 ? 'passwordSpray' : 'unfamiliarSignInProperties', level: n % 4 === 0 ? 'high' : 'medium', reason: `reason ${n}`,
    username: NAMES[n % NAMES.length] ?? 'user0', state: n % 5 === 0 ? 'dismissed' : 'atRisk', expiresAt: new Date(now.getTime() + 90 * DAY),
  };
}

/** Oldest first (ties by id), as the recorder appends them: the streams' order is the lists' order. */
const byTimeThenId = <R extends { at: Date; _id: string }>(records: R[]): R[] =>
  [...records].sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));

/** A sign-in written as src/risk/record.ts writes one: the event, then its stream entries. */
async function recordDirectly(event: SignInEventRecord): Promise<void> {
  await SignInEvent.collection.insertOne(event as never);
  await appendToStreams(signInStreamItems(event));
}

beforeAll(async () => {
  // The lists, not the sign-in, are under test here: admins sign in with an authenticator app.
  vigil = await startTestApp({ label: 'admin-lists', env: { ADMIN_MFA_STRENGTH: 'mfa' }, monitorCommands: true });
  const ada = await createTestUser({ username: 'ada', groups: ['vigil-admins'] });
  const staff = await createTestUser({ username: 'staffer', groups: ['staff'] });
  const nelly = await createTestUser({ username: 'nelly' });
  nellyId = nelly._id.toString();
  adaMfa = await registerMfa(vigil, ada._id.toString());
  staffMfa = await registerMfa(vigil, staff._id.toString());
  start = vigil.clock.now();
  seeded = Array.from({ length: EVENTS }, (_, n) => signInEvent(n, start));
  // Direct writes through the risk models' collections: thousands of events in a second or two.
  for (let i = 0; i < seeded.length; i += 1000) await SignInEvent.collection.insertMany(seeded.slice(i, i + 1000) as never[]);
  await appendToStreams(byTimeThenId(seeded).flatMap(signInStreamItems));
  detections = Array.from({ length: DETECTIONS }, (_, n) => detection(n, start));
  await RiskDetection.collection.insertMany(detections as never[]);
  await appendToStreams(byTimeThenId(detections).flatMap(detectionStreamItems));
  const leaked = (n: number) => ({ leakedCredentials: { id: `d${n}`, level: 'high', reason: 'leaked', at: start } });
  const profiles = Array.from({ length: PROFILES }, (_, n) => ({
    _id: `profile-${String(n).padStart(4, '0')}`, username: `risky${n}`, atRisk: true, userRiskState: 'atRisk', updatedAt: start,
    userDetections: n % 4 === 0 ? leaked(n) : {}, riskySignIns: n % 4 === 0 ? [] : [{ eventId: `e${n}`, level: 'medium', at: start }],
  }));
  profiles.push({ _id: nellyId, username: 'nelly', atRisk: true, userRiskState: 'atRisk', updatedAt: start, userDetections: leaked(999), riskySignIns: [] });
  await RiskProfile.collection.insertMany(profiles as never[]);
  ({ browser: admin } = await adminSignIn(vigil, 'ada', adaMfa));
});
afterAll(async () => {
  await vigil.close();
});

const idsOnPage = (html: string): string[] => [...html.matchAll(/href="\/admin\/sign-ins\/([0-9a-f]{24})"/g)].map((m) => m[1] ?? '');
const nextLink = (html: string): string | null => {
  const href = /<a class="link" href="([^"]*)" rel="next">/.exec(html)?.[1];
  return href ? href.replace(/&amp;/g, '&') : null;
};

/** Every sign-in id the list shows for this query, following "Next page"; `between` runs before each next page. */
async function walk(query: string, between: () => Promise<void> = async () => undefined): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let url: string | null = `/admin/sign-ins${query}`;
  let pages = 0;
  while (url) {
    const page = await admin.open(url);
    expect(page.status).toBe(200);
    ids.push(...idsOnPage(page.html));
    pages += 1;
    url = nextLink(page.html);
    if (url) await between();
  }
  return { ids, pages };
}

const newestFirst = (events: SignInEventRecord[]): string[] =>
  [...events].sort((a, b) => b.at.getTime() - a.at.getTime() || (a._id < b._id ? 1 : -1)).map((e) => e._id);

describe('the risky sign-ins list', () => {
  it('pages through a large history newest first, no row twice or lost, while new sign-ins arrive', async () => {
    const arrived: string[] = [];
    try {
      const { ids, pages } = await walk('?country=de', async () => {
        // A sign-in recorded while the admin reads, matching the filter: newer than every page already shown.
        const fresh = { ...signInEvent(arrived.length, start), country: 'DE', at: new Date(start.getTime() + (arrived.length + 1) * 1000) };
        arrived.push(fresh._id);
        await recordDirectly(fresh);
      });
      const german = seeded.filter((e) => e.country === 'DE');
      expect(pages).toBe(Math.ceil(german.length / 50));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(newestFirst(german));
    } finally {
      await SignInEvent.collection.deleteMany({ _id: { $in: arrived } as never });
    }
  });

  it('filters by level, type, country, app, user and time, every filter together', async () => {
    const from = new Date(start.getTime() - 3 * DAY);
    const to = new Date(start.getTime() - DAY);
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const query = `?level=high&type=passwordSpray&country=DE&app=shop&from=${day(from)}&to=${day(to)}`;
    const toEnd = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate()) + DAY);
    const fromStart = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
    const expected = seeded.filter((e) => e.riskLevel === 'high' && e.detections.some((d) => d.type === 'passwordSpray')
      && e.country === 'DE' && e.clientId === 'shop' && e.at >= fromStart && e.at < toEnd);
    expect(expected.length).toBeGreaterThan(5);
    expect((await walk(query)).ids).toEqual(newestFirst(expected));

    const user = seeded.filter((e) => e.username === 'user3' && e.riskState === 'atRisk');
    expect((await walk('?user=USER3&state=atRisk')).ids).toEqual(newestFirst(user));
    const first = await admin.open('/admin/sign-ins?user=user3&level=medium');
    expect(first.html).toContain('value="user3"');
    expect(first.html).toContain('<option selected>medium</option>');
  });

  it('shows one sign-in: where, device, app, detections with reasons, policy decisions, steps, and links to the user', async () => {
    const spray = seeded[30] as SignInEventRecord;
    await SignInEvent.collection.updateOne({ _id: spray._id as never }, { $set: { steps: [{ step: 'mfa', outcome: 'failure', at: start }] } });
    const page = await admin.open(`/admin/sign-ins/${spray._id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<h1>Sign-in by ${spray.username}</h1>`);
    expect(page.html).toContain(spray.ip);
    expect(page.html).toContain('Town, Region, DE');
    expect(page.html).toContain(`device ${spray.deviceId ?? ''}`);
    expect(page.html).toContain('<dd>shop</dd>');
    expect(page.html).toContain('<strong>passwordSpray</strong> (high): one address tried 30 accounts');
    expect(page.html).toContain('<strong>sign-in-risk</strong>: block');
    expect(page.html).toContain('mfa — failure');
    expect(page.html).toContain(`href="/admin/users/${spray.userId ?? ''}"`);
    expect(page.html).toContain(`href="/admin/sign-ins?user=${spray.username}"`);
    expect((await admin.open(`/admin/sign-ins/${new ObjectId().toHexString()}`)).status).toBe(404);
    expect((await admin.open('/admin/sign-ins/%24where')).status).toBe(404);
  });

  it('links a user\'s detail page to their sign-ins and detections', async () => {
    const page = await admin.open(`/admin/users/${nellyId}`);
    expect(page.html).toContain('href="/admin/sign-ins?user=nelly"');
    expect(page.html).toContain('href="/admin/detections?user=nelly"');
  });
});

describe('the CSV export', () => {
  it('exports every row of the same filters as an attachment', async () => {
    const response = await admin.agent.get('/admin/sign-ins.csv?level=high&country=FR');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="vigil-sign-ins.csv"');
    const lines = response.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,time,username,userId,app,outcome,riskLevel,riskState,detections,ip,network,country,city,browser,deviceId');
    const expected = seeded.filter((e) => e.riskLevel === 'high' && e.country === 'FR');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(newestFirst(expected));
  });

  it('exports the detections and risky users lists with their filters', async () => {
    const detectionCsv = await admin.agent.get('/admin/detections.csv?type=passwordSpray&state=dismissed');
    expect(detectionCsv.headers['content-disposition']).toBe('attachment; filename="vigil-detections.csv"');
    const rows = detectionCsv.text.trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(detections.filter((d) => d.type === 'passwordSpray' && d.state === 'dismissed').length);
    expect(rows.every((row) => row.includes(',passwordSpray,') && row.includes(',dismissed,'))).toBe(true);
    const users = await admin.agent.get('/admin/users.csv?level=high');
    const userRows = users.text.trimEnd().split('\r\n').slice(1);
    expect(userRows).toHaveLength(Math.ceil(PROFILES / 4) + 1);
    expect(userRows.every((row) => row.split(',')[2] === 'high')).toBe(true);
  });

  it('stops at its row limit', async () => {
    const rows: string[] = [];
    for await (const row of streamAll(signInList, { country: 'US' }, vigil.clock.now(), 120)) rows.push(row._id);
    expect(rows).toEqual(newestFirst(seeded.filter((e) => e.country === 'US')).slice(0, 120));
  });

  it('guards cells a spreadsheet would run as formulas', async () => {
    const evil = { ...signInEvent(1, start), username: '=HYPERLINK("http://evil.test","x")', city: '+cmd|calc', deviceId: '@SUM(1)', clientId: '-2+3', country: 'ZZ' };
    await recordDirectly(evil);
    const response = await admin.agent.get('/admin/sign-ins.csv?country=zz');
    const row = response.text.trimEnd().split('\r\n')[1] ?? '';
    expect(row).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(row).toContain(",'+cmd|calc,");
    expect(row).toContain(",'@SUM(1)");
    expect(row).toContain(",'-2+3,");
    await SignInEvent.collection.deleteOne({ _id: evil._id as never });
  });
});

describe('the risk detections and risky users lists', () => {
  it('pages detections filtered by type and level', async () => {
    const expected = detections.filter((d) => d.type === 'passwordSpray' && d.level === 'high');
    const seen: string[] = [];
    let url: string | null = '/admin/detections?type=passwordSpray&level=high';
    while (url) {
      const page = await admin.open(url);
      expect(page.status).toBe(200);
      seen.push(...[...page.html.matchAll(/<td>(reason \d+)<\/td>/g)].map((m) => m[1] ?? ''));
      url = nextLink(page.html);
    }
    expect(seen).toEqual([...expected].sort((a, b) => b.at.getTime() - a.at.getTime() || (a._id < b._id ? 1 : -1)).map((d) => d.reason));
  });

  it('pages risky users by id, filtered by level or user', async () => {
    const first = await admin.open('/admin/users');
    expect([...first.html.matchAll(/href="\/admin\/users\/[^"]+">/g)]).toHaveLength(50);
    let url: string | null = '/admin/users';
    const names: string[] = [];
    while (url) {
      const page = await admin.open(url);
      names.push(...[...page.html.matchAll(/href="\/admin\/users\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] ?? ''));
      url = nextLink(page.html);
    }
    expect(names).toHaveLength(PROFILES + 1);
    expect(new Set(names).size).toBe(PROFILES + 1);
    const high = await admin.open('/admin/users?level=high');
    expect([...high.html.matchAll(/<td>high<\/td>/g)]).toHaveLength(Math.ceil(PROFILES / 4) + 1);
    const nelly = await admin.open('/admin/users?user=Nelly');
    expect([...nelly.html.matchAll(/href="\/admin\/users\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual(['nelly']);
    expect((await admin.open('/admin/users?user=nobody')).html).toContain('No user is at risk with these filters.');
  });
});

describe('bad filters', () => {
  it.each([
    ['/admin/sign-ins?level=extreme', 'level', 'Choose a risk level from the list.'],
    ['/admin/sign-ins?state=%24ne', 'state', 'Choose a risk state from the list.'],
    ['/admin/sign-ins?type=nope', 'type', 'Choose a detection type from the list.'],
    ['/admin/sign-ins?from=2026-02-31', 'from', 'Enter a date as YYYY-MM-DD'],
    ['/admin/sign-ins?from=0050-01-01', 'from', 'Enter a date as YYYY-MM-DD'],
    ['/admin/sign-ins?to=2026-01-01T24:00', 'to', 'Enter a date as YYYY-MM-DD'],
    ['/admin/sign-ins?from=2026-03-02&to=2026-03-01', 'to', 'The end of the time range must be after its start.'],
    ['/admin/sign-ins?country=Germany', 'country', 'Enter a country as its two-letter code'],
    ['/admin/sign-ins?app=a%20b', 'app', 'Enter an app&#39;s client id'],
    ['/admin/sign-ins?level=high&level=low', 'level', 'Choose a risk level from the list.'],
    ['/admin/sign-ins?user=ad%07min', 'user', 'Enter a username of at most 200 characters'],
    ['/admin/detections?level=none', 'level', 'Choose a risk level from the list.'],
    ['/admin/users?state=bogus', 'state', 'Choose a risk state from the list.'],
    ['/admin/sign-ins.csv?to=yesterday', 'to', 'Enter a date as YYYY-MM-DD'],
  ])('%s is answered 400 with the form and the error on its field', async (url, field, message) => {
    const page = await admin.open(url);
    expect(page.status).toBe(400);
    expect(page.html).toContain(message);
    expect(page.html).toContain(`<a href="#${field}">`);
    expect(page.html).toMatch(new RegExp(`id="${field}" name="${field}"[^>]* aria-invalid="true"`));
    expect(page.html).toContain('<form method="get"');
  });

  it('answers a forged or stale page cursor with 400, never a 500', async () => {
    // The last names a stream (by country) this filter does not read.
    for (const after of ['garbage!', Buffer.from('1.{"$gt":""}').toString('base64url'), Buffer.from('x.y').toString('base64url'), Buffer.from('5.country').toString('base64url')]) {
      const page = await admin.open(`/admin/sign-ins?after=${encodeURIComponent(after)}`);
      expect(page.status).toBe(400);
      expect(page.html).toContain('This page link is not valid any more.');
    }
  });
});

describe('access to the lists', () => {
  it.each(['/admin/sign-ins', '/admin/detections', '/admin/users', '/admin/sign-ins.csv', '/admin/users.csv'])('%s sends someone without a session to sign in', async (url) => {
    const browser = new UserAgent(vigil.issuer);
    const response = await browser.agent.get(url).redirects(0);
    expect(response.status).toBe(302);
    expect(response.text).not.toContain('203.0.113.');
    expect((await browser.open(url)).html).toContain('autocomplete="current-password"');
  });

  it('refuses an admin session once its user is out of the admin group, list and CSV alike', async () => {
    const bert = await createTestUser({ username: 'bert', groups: ['vigil-admins'] });
    const { browser } = await adminSignIn(vigil, 'bert', await registerMfa(vigil, bert._id.toString()));
    expect((await browser.open('/admin/sign-ins')).status).toBe(200);
    await User.updateOne({ _id: bert._id }, { $set: { groups: [] } });
    const csv = await browser.agent.get('/admin/sign-ins.csv').redirects(0);
    expect(csv.status).toBe(403);
    expect(csv.headers['content-type']).not.toContain('text/csv');
  });

  it('refuses a signed-in user outside the admin group', async () => {
    const { browser } = await adminSignIn(vigil, 'staffer', staffMfa);
    // The console never opened a session for them: each list sends them back to sign in.
    for (const url of ['/admin/sign-ins', `/admin/sign-ins/${seeded[0]?._id ?? ''}`, '/admin/detections.csv']) {
      const page = await browser.open(url);
      expect(page.html).toContain('autocomplete="current-password"');
      expect(page.html).not.toContain('203.0.113.');
    }
  });
});

describe('the lists\' reads', () => {
  /** The commands one page sends to the streams and the events, with their filters' fields. */
  async function listReads(url: string): Promise<{ commands: string[]; filterFields: string[][] }> {
    const client = mongoose.connection.getClient();
    const commands: string[] = [];
    const filterFields: string[][] = [];
    const listener = (event: { commandName: string; command: Record<string, unknown> }): void => {
      const collection = event.command[event.commandName];
      if (typeof collection !== 'string' || !/^(stream_|sign_in_events|risk_detections)/.test(collection)) return;
      commands.push(`${event.commandName} ${collection}`);
      if (event.commandName === 'find') filterFields.push(Object.keys(event.command.filter as object));
    };
    client.on('commandStarted', listener);
    try {
      expect((await admin.open(url)).status).toBe(200);
    } finally {
      client.off('commandStarted', listener);
    }
    return { commands, filterFields };
  }

  it('cost the same number of `_id` reads whatever the history: 100 sign-ins of one user or 2,000 of everyone, first page or deep', async () => {
    const everyone = await listReads('/admin/sign-ins');
    const oneUser = await listReads('/admin/sign-ins?user=user3');
    const deep = await listReads(`/admin/sign-ins?after=${Buffer.from('1000.all').toString('base64url')}`);
    expect(everyone.commands.length).toBeGreaterThan(2);
    expect(oneUser.commands).toEqual(everyone.commands);
    expect(deep.commands).toEqual(everyone.commands);
    for (const fields of [...everyone.filterFields, ...oneUser.filterFields, ...deep.filterFields]) expect(fields).toEqual(['_id']);
  });

  it('stop a sparse filter after a scan budget and offer to continue from there', async () => {
    // No seeded sign-in was remediated: the first page reads its budget of positions, finds none and links on.
    const first = await admin.open('/admin/sign-ins?state=remediated');
    expect(first.status).toBe(200);
    expect(idsOnPage(first.html)).toEqual([]);
    const next = nextLink(first.html);
    expect(next).toContain('after=');
    const second = await admin.open(next ?? '');
    expect(idsOnPage(second.html)).toEqual([]);
    expect(nextLink(second.html)).toBeNull();
  });
});
