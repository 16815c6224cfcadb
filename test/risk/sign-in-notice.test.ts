/**
 * "New sign-in" e-mails only when the user should act (issue 12 finding 6): a new browser at a
 * familiar place sends nothing; new devices in unfamiliar places are batched into one message
 * with a link per sign-in, in the user's time zone when known (else marked UTC); a completed
 * "It was not me" link says the sign-in was already reported, also after the link expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/clock.ts';
import { newSignIns } from '../../src/mail/messages/index.ts';
import { SignInNotice } from '../../src/notices/sign-in-notice-record.ts';
import { User } from '../../src/users/user.ts';
import { flushSignInNotices, NOTICE_BATCH_MS } from '../../src/notices/sign-in-notice.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;
const LONDON = '81.2.69.142';
const BRISBANE = '202.12.29.1';
/** An address no geolocation database knows: a new network, no country. */
const UNLOCATED = '198.51.100.7';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
let ninaId = '';

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'signinnotice', policiesYaml: POLICIES, env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' } });
  const nina = await createTestUser({ username: 'nina' });
  ninaId = nina._id.toString();
  await User.updateOne({ _id: nina._id }, { $set: { 'profile.zoneinfo': 'Australia/Brisbane' } });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

/** A sign-in from a browser of its own (a new device each time) at `ip`; it reaches the app. */
async function signInFrom(ip: string): Promise<void> {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = { 'X-Forwarded-For': ip, 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36' };
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username: 'nina', password: DEFAULT_PASSWORD });
  expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
}

async function pending(): Promise<number> {
  return SignInNotice.countDocuments({ userId: ninaId });
}

describe('new sign-in notices', () => {
  it('nothing for a new browser at a familiar place; new devices in unfamiliar places batched into one mail in the user\'s zone', async () => {
    await signInFrom(LONDON);
    await signInFrom(LONDON);
    expect(await pending()).toBe(0);

    vigil.clock.advance(DAY);
    await signInFrom(BRISBANE);
    await expect.poll(pending).toBe(1);
    vigil.clock.advance(5 * MINUTE);
    await signInFrom(UNLOCATED);
    await expect.poll(pending).toBe(2);

    expect(await flushSignInNotices(vigil.app.services)).toBe(0);
    // Once the first has waited a batch period, both go out together (the second has waited less).
    vigil.clock.advance(NOTICE_BATCH_MS - 5 * MINUTE);
    expect(await flushSignInNotices(vigil.app.services)).toBe(2);
    expect(await pending()).toBe(0);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('nina@example.test'));
    expect(mail.subject).toBe('2 new sign-ins to your Vigil account');
    const links = [...mail.text.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/report\/\S+)/g)].map((m) => m[1] ?? '');
    expect(links).toHaveLength(2);
    expect(mail.text).toContain('(Australia/Brisbane)');
    expect(mail.text).not.toContain('UTC');
    expect(sink.messages.filter((m) => m.envelopeTo.includes('nina@example.test'))).toHaveLength(1);

    // A completed "It was not me" link says it was already reported, also once the link has expired.
    const browser = new UserAgent(vigil.issuer);
    const report = await browser.open(links[0] ?? '');
    expect(report.html).toContain('It was not me');
    const done = await browser.submit(report, 'confirm');
    expect(done.html).toContain('<h1>Thank you</h1>');
    for (const advance of [0, 8 * DAY]) {
      vigil.clock.advance(advance);
      const again = await browser.open(links[0] ?? '');
      expect(again.html).toContain('This sign-in was already reported');
      expect(again.html).not.toMatch(/expired/i);
      const posted = await browser.post(new URL(links[0] ?? '').pathname, { csrf: /name="csrf" value="([^"]+)"/.exec(report.html)?.[1] ?? '', action: 'confirm' });
      expect(posted.html).toContain('This sign-in was already reported');
      expect(posted.html).not.toMatch(/expired/i);
    }
  });

  it('says UTC when the user\'s time zone is not known', () => {
    const mail = newSignIns({ brand: vigil.app.services.brand, signIns: [{ when: new Date('2026-01-05T09:07:00Z'), ip: '198.51.100.23', reportUrl: 'https://id.example.test/report/x' }] });
    expect(mail.text).toContain('2026-01-05 09:07 UTC');
    const zoned = newSignIns({ brand: vigil.app.services.brand, timeZone: 'Europe/Berlin', signIns: [{ when: new Date('2026-01-05T09:07:00Z'), ip: '198.51.100.23', reportUrl: 'https://id.example.test/report/x' }] });
    expect(zoned.text).toContain('2026-01-05 10:07 (Europe/Berlin)');
  });
});
