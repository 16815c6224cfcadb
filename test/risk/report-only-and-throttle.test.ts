import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportOnlyEvent } from '../../src/policy/report-only-event.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { registerMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const TOR_EXIT = '185.220.101.4';
let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'riskreport',
    policiesYaml: 'mfaRegistration: { state: disabled }\nsignInRisk: { state: reportOnly, level: medium }\nuserRisk: { state: reportOnly, level: high }\nsspr: { enabledFor: none }\n',
    env: { TRUST_PROXY: 'true' },
    files: { 'risk/anonymous-ips/tor.txt': `${TOR_EXIT}\n` },
  });
  const watched = await createTestUser({ username: 'watched' });
  await registerMfa(vigil, watched._id.toString());
  await createTestUser({ username: 'leaky', password: 'iloveyou' });
  await createTestUser({ username: 'target' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function attempt(username: string, password: string, ip: string, browser = new UserAgent(vigil.issuer)) {
  browser.headers = { 'X-Forwarded-For': ip };
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  return { browser, page: await browser.submit(login, 'login', { username, password }) };
}

describe('risk policies in reportOnly', () => {
  it('a risky sign-in goes through, and the event and report record what the policy would have done', async () => {
    const { page } = await attempt('watched', DEFAULT_PASSWORD, TOR_EXIT);
    expect(page.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const event = await SignInEvent.findOne({ username: 'watched' }).lean();
    expect(event?.riskLevel).toBe('medium');
    expect(event?.decisions).toContainEqual({ policy: 'signInRisk', decision: 'reportOnly:mfa' });
    expect(await ReportOnlyEvent.countDocuments({ policy: 'signInRisk', wouldHave: 'mfa' })).toBeGreaterThanOrEqual(1);
  });

  it('a user at risk goes through, with the user-risk decision recorded', async () => {
    const { page } = await attempt('leaky', 'iloveyou', '81.2.69.142');
    expect(page.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const event = await SignInEvent.findOne({ username: 'leaky' }).lean();
    expect(event?.userRiskLevel).toBe('high');
    expect(event?.decisions).toContainEqual({ policy: 'userRisk', decision: 'reportOnly:mfa+passwordChange' });
  });
});

describe('account protection', () => {
  it('slows the attacking source with 429 and Retry-After, while the real user elsewhere still signs in', async () => {
    const attacker = new UserAgent(vigil.issuer);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await attempt('target', `wrong-guess-${i}`, '198.51.100.99', attacker)).page.status);
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses).toContain(429);
    const throttled = await attempt('target', DEFAULT_PASSWORD, '198.51.100.99', attacker);
    expect(throttled.page.status).toBe(429);
    expect(throttled.page.html).toMatch(/Wait \d+ seconds/);

    const owner = await attempt('target', DEFAULT_PASSWORD, '81.2.69.142');
    expect(owner.page.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const recorded = await SignInEvent.countDocuments({ username: 'target', outcome: 'throttled' });
    expect(recorded).toBeGreaterThanOrEqual(1);
  });
});
