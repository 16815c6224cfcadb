import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: enabled, include: { users: all }, level: medium }
userRisk: { state: disabled }
sspr: { enabledFor: none }
`;
const TOR_EXIT = '185.220.101.4';
const LONDON = '81.2.69.142';
const BRISBANE = '202.12.29.1';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
const mfa: Record<string, RegisteredMfa> = {};

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({
    label: 'signinrisk',
    policiesYaml: POLICIES,
    env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' },
    files: { 'risk/anonymous-ips/tor.txt': `# test list\n${TOR_EXIT}\n` },
  });
  for (const username of ['traveller', 'hider', 'plain', 'nomfa']) {
    const user = await createTestUser({ username });
    if (username !== 'nomfa') mfa[username] = await registerMfa(vigil, user._id.toString());
  }
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function signInFrom(ip: string, username: string, params: Record<string, string> = {}) {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = { 'X-Forwarded-For': ip, 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36' };
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

describe('sign-in risk policy', () => {
  it('steps an anonymous-IP sign-in up to MFA, says why, and MFA remediates it', async () => {
    const { browser, started, next } = await signInFrom(TOR_EXIT, 'hider');
    expect(next.html).toContain('We noticed something unusual about this sign-in.');
    nextStep(vigil);
    const done = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.hider?.secret ?? '') });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'otp', 'mfa']);
    const event = await SignInEvent.findOne({ username: 'hider' }).sort({ at: -1 }).lean();
    expect(event).toMatchObject({ ip: TOR_EXIT, riskLevel: 'medium', riskState: 'remediated' });
    expect(event?.detections.map((d) => d.type)).toContain('anonymousIp');
    expect(event?.decisions).toContainEqual({ policy: 'signInRisk', decision: 'mfa' });
  });

  it('a sign-in from an ordinary address goes straight through (the benign twin)', async () => {
    const { next } = await signInFrom(LONDON, 'plain');
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });

  it('steps up an impossible journey: London, then Brisbane an hour later', async () => {
    const first = await signInFrom(LONDON, 'traveller');
    expect(first.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    vigil.clock.advance(HOUR);
    const { next } = await signInFrom(BRISBANE, 'traveller');
    expect(next.html).toContain('We noticed something unusual about this sign-in.');
    const event = await SignInEvent.findOne({ username: 'traveller' }).sort({ at: -1 }).lean();
    expect(event?.detections.map((d) => d.type)).toContain('impossibleTravel');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('traveller@example.test') && /sign-in/i.test(m.subject));
    expect(mail.text).toContain(`${vigil.issuer}/report/`);
  });

  it('blocks a risky sign-in of a user with no MFA method, with a page to contact the admin', async () => {
    const { next } = await signInFrom(TOR_EXIT, 'nomfa');
    expect(next.status).toBe(403);
    expect(next.html).toContain('Contact your administrator');
  });
});
