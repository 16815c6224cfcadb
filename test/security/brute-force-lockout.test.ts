/**
 * Issue 11, finding 4: strangers guessing a password must not lock the real user out. Their
 * failures neither block, step up nor put at risk a correct-password sign-in from a device the
 * account trusts (even from the attacker's own address, behind a shared NAT), while the guesses
 * themselves are slowed; a device the account has never signed in from is stepped up to MFA
 * during the attack, or refused with a page that says why when the user has no MFA. Failed
 * passwords alone never raise the user's risk; the detections stay on the failed events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: enabled, include: { users: all }, level: medium }
userRisk: { state: enabled, include: { users: all }, level: high }
sspr: { enabledFor: none }
`;
/** The user's home address, shared with the attacker (one NAT). */
const HOME = '81.2.69.142';
const ELSEWHERE = '198.51.100.7';
const CALLBACK = /^http:\/\/rp\.test\/callback/;
const ATTACK_EXPLAINED = "Someone has been trying to guess the password of this account.";

let vigil: TestApp;
let rp: RelyingParty;
const ids: Record<string, string> = {};
let guarded: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'bruteforcelockout',
    policiesYaml: POLICIES,
    env: { TRUST_PROXY: 'true' },
    clock: new ManualClock(new Date('2026-03-02T10:05:00Z')),
  });
  for (const username of ['victim', 'newcomer', 'guarded', 'hammered', 'sprayed']) ids[username] = (await createTestUser({ username }))._id.toString();
  guarded = await registerMfa(vigil, ids.guarded ?? '');
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function signIn(browser: UserAgent, ip: string, username: string, password = DEFAULT_PASSWORD): Promise<{ page: Page; started: Awaited<ReturnType<RelyingParty['start']>> }> {
  browser.headers = { 'X-Forwarded-For': ip };
  // prompt=login: a browser that signed in before shows the password page again.
  const started = await rp.start({ prompt: 'login' });
  const login = await browser.open(started.url.toString());
  return { page: await browser.submit(login, 'login', { username, password }), started };
}

/** Strangers (each a fresh browser) guessing from one address; their HTTP statuses. */
async function guess(username: string, ip: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) statuses.push((await signIn(new UserAgent(vigil.issuer), ip, username, `wrong-guess-${i}`)).page.status);
  return statuses;
}

async function latestEvent(username: string) {
  return SignInEvent.findOne({ username }).sort({ at: -1, _id: -1 }).lean();
}

async function atRisk(username: string): Promise<boolean> {
  return (await vigil.app.services.risk.riskyUsers()).some((user) => user.username === username);
}

describe('brute force does not become a lockout', () => {
  it('the trusted device signs in through an attack from its own address: no step-up, no block, no user risk', async () => {
    const trusted = new UserAgent(vigil.issuer);
    expect((await signIn(trusted, HOME, 'victim')).page.url).toMatch(CALLBACK);

    const statuses = await guess('victim', HOME, 12);
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses).toContain(429);

    const { page } = await signIn(trusted, HOME, 'victim');
    expect(page.url).toMatch(CALLBACK);
    expect(await latestEvent('victim')).toMatchObject({ outcome: 'success', riskLevel: 'none', userRiskLevel: 'none' });
    expect(await vigil.app.services.risk.userRiskLevel(ids.victim ?? '')).toBe('none');
    expect(await atRisk('victim')).toBe(false);

    // The strangers at the same address are still slowed, and their failures keep the detection.
    expect(await guess('victim', HOME, 1)).toEqual([429]);
    const failed = await SignInEvent.find({ username: 'victim', passwordOk: false }).lean();
    expect(failed.some((event) => event.detections.some((finding) => finding.type === 'bruteForce'))).toBe(true);
  });

  it('a new device of a user without MFA is refused during the attack, with a page that says why', async () => {
    await guess('newcomer', HOME, 12);
    const { page } = await signIn(new UserAgent(vigil.issuer), ELSEWHERE, 'newcomer');
    expect(page.status).toBe(403);
    expect(page.html).toContain(ATTACK_EXPLAINED);
    expect(page.html).not.toMatch(/contact your administrator/i);
    expect(await latestEvent('newcomer')).toMatchObject({ outcome: 'blocked', passwordOk: true });
    const detections = (await latestEvent('newcomer'))?.detections.map((finding) => finding.type);
    expect(detections).toContain('bruteForce');
  });

  it('a new device of a user with an authenticator app is stepped up to MFA during the attack, and MFA lets it in', async () => {
    await guess('guarded', HOME, 12);
    const browser = new UserAgent(vigil.issuer);
    const { page, started } = await signIn(browser, ELSEWHERE, 'guarded');
    expect(page.html).toContain('name="code"');
    expect(page.status).toBe(200);
    nextStep(vigil);
    const done = await browser.submit(page, 'verify', { code: totpNow(vigil, guarded.secret) });
    expect(done.url).toMatch(CALLBACK);
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('failed passwords alone never raise user risk: brute force from many addresses and a spray from one', async () => {
    for (let i = 0; i < 32; i += 1) await signIn(new UserAgent(vigil.issuer), `203.0.113.${i + 1}`, 'hammered', `wrong-${i}`);
    const hammered = await SignInEvent.find({ username: 'hammered', passwordOk: false }).lean();
    expect(hammered.some((event) => event.detections.some((finding) => finding.type === 'bruteForce' && finding.level === 'high'))).toBe(true);

    const sprayer = '192.0.2.50';
    for (let i = 0; i < 10; i += 1) await signIn(new UserAgent(vigil.issuer), sprayer, `someone-${i}`, 'Summer2026!');
    await signIn(new UserAgent(vigil.issuer), sprayer, 'sprayed', 'Summer2026!');
    expect((await latestEvent('sprayed'))?.detections.map((finding) => finding.type)).toContain('passwordSpray');

    for (const username of ['hammered', 'sprayed']) {
      expect(await vigil.app.services.risk.userRiskLevel(ids[username] ?? '')).toBe('none');
      expect(await atRisk(username)).toBe(false);
    }
  });
});
