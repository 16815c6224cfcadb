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
import { riskyUsers } from '../../src/admin/risk-reports.ts';
import { DEVICE_FAILURES_PER_DAY, DEVICE_FAILURES_PER_QUARTER } from '../../src/risk/device-throttle.ts';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formWithButton, relyingParty, UserAgent, type Form, type Page, type RelyingParty } from '../support/user-agent.ts';

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

const clock = new ManualClock(new Date('2026-03-02T10:05:00Z'));
let vigil: TestApp;
let rp: RelyingParty;
const ids: Record<string, string> = {};
let guarded: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'bruteforcelockout',
    policiesYaml: POLICIES,
    env: { TRUST_PROXY: 'true' },
    clock,
  });
  for (const username of ['victim', 'newcomer', 'guarded', 'hammered', 'sprayed', 'carrier', 'typist', 'alice', 'bob', 'racer']) ids[username] = (await createTestUser({ username }))._id.toString();
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

async function loginForm(browser: UserAgent, ip: string): Promise<Form> {
  browser.headers = { 'X-Forwarded-For': ip };
  return formWithButton((await browser.open((await rp.start({ prompt: 'login' })).url.toString())).html, 'login');
}

/** Posts the password form, answered as is: its status and Retry-After (a success is a 303 onwards). */
async function postLogin(browser: UserAgent, form: Form, username: string, password: string): Promise<{ status: number; retryAfter: number | undefined }> {
  const response = await browser.agent.post(new URL(form.action, vigil.issuer).pathname).set(browser.headers).type('form')
    .send({ ...form.fields, username, password, action: 'login' }).redirects(0);
  const retryAfter = response.headers['retry-after'];
  return { status: response.status, retryAfter: typeof retryAfter === 'string' ? Number(retryAfter) : undefined };
}

async function attempt(browser: UserAgent, ip: string, username: string, password: string): Promise<{ status: number; retryAfter: number | undefined }> {
  return postLogin(browser, await loginForm(browser, ip), username, password);
}

/** A browser the account trusts: it signed in from there. */
async function trustedBrowser(ip: string, username: string): Promise<UserAgent> {
  const browser = new UserAgent(vigil.issuer);
  expect((await signIn(browser, ip, username)).page.url).toMatch(CALLBACK);
  return browser;
}

async function wrongFrom(browser: UserAgent, ip: string, username: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i += 1) statuses.push((await attempt(browser, ip, username, `own-wrong-${i}`)).status);
  return statuses;
}

async function latestEvent(username: string) {
  return SignInEvent.findOne({ username }).sort({ at: -1, _id: -1 }).lean();
}

async function atRisk(username: string): Promise<boolean> {
  return (await riskyUsers(vigil.app.services.clock)).some((user) => user.username === username);
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

describe("a trusted device's own failures are throttled in a bucket of its own", () => {
  it('its own 6th wrong password in 15 minutes gets 429 with Retry-After, for that device only, whatever the strangers did; the delay grows to the day', async () => {
    const home = '81.2.69.160';
    const carried = await trustedBrowser(home, 'carrier');
    const other = await trustedBrowser(home, 'carrier');
    // The strangers at the same address fill their own bucket: it does not count for the device.
    expect(await guess('carrier', home, 12)).toContain(429);

    expect(await wrongFrom(carried, home, 'carrier', DEVICE_FAILURES_PER_QUARTER)).toEqual(Array(DEVICE_FAILURES_PER_QUARTER).fill(401));
    const sixth = await attempt(carried, home, 'carrier', 'own-wrong-6');
    expect(sixth.status).toBe(429);
    expect(sixth.retryAfter).toBeGreaterThan(0);
    expect(sixth.retryAfter).toBeLessThanOrEqual(15 * 60);
    // Even the right password waits on that device, while the account's other trusted device signs in.
    expect((await attempt(carried, home, 'carrier', DEFAULT_PASSWORD)).status).toBe(429);
    expect((await signIn(other, home, 'carrier')).page.url).toMatch(CALLBACK);
    expect(await latestEvent('carrier')).toMatchObject({ outcome: 'success', riskLevel: 'none', userRiskLevel: 'none' });

    // Each quarter hour allows a few more, up to the day's limit; then the wait is until the next day.
    for (let failed = DEVICE_FAILURES_PER_QUARTER; failed < DEVICE_FAILURES_PER_DAY; failed += DEVICE_FAILURES_PER_QUARTER) {
      clock.advance(15 * 60_000);
      expect(await wrongFrom(carried, home, 'carrier', DEVICE_FAILURES_PER_QUARTER)).toEqual(Array(DEVICE_FAILURES_PER_QUARTER).fill(401));
    }
    clock.advance(15 * 60_000);
    const dayOver = await attempt(carried, home, 'carrier', DEFAULT_PASSWORD);
    expect(dayOver.status).toBe(429);
    expect(dayOver.retryAfter).toBeGreaterThan(15 * 60);
    expect((await signIn(other, home, 'carrier')).page.url).toMatch(CALLBACK);
  });

  it('a correct password from the trusted device gets through after strangers\' guesses and its own typos, and does not count', async () => {
    const home = '81.2.69.161';
    const trusted = await trustedBrowser(home, 'typist');
    expect(await guess('typist', home, 12)).toContain(429);
    expect(await wrongFrom(trusted, home, 'typist', DEVICE_FAILURES_PER_QUARTER - 1)).toEqual(Array(DEVICE_FAILURES_PER_QUARTER - 1).fill(401));
    expect((await signIn(trusted, home, 'typist')).page.url).toMatch(CALLBACK);
    // Had the correct password counted, the bucket would already be full; the 5th failure fills it.
    expect((await attempt(trusted, home, 'typist', 'one-more-typo')).status).toBe(401);
    expect((await attempt(trusted, home, 'typist', DEFAULT_PASSWORD)).status).toBe(429);
  });

  it('concurrent guesses from the trusted device get no more than its limit through', async () => {
    const home = '81.2.69.163';
    const trusted = await trustedBrowser(home, 'racer');
    const forms: Form[] = [];
    for (let i = 0; i < 12; i += 1) forms.push(await loginForm(trusted, home));
    const statuses = await Promise.all(forms.map(async (form, i) => (await postLogin(trusted, form, 'racer', `race-${i}`)).status));
    expect(statuses.filter((status) => status === 401)).toHaveLength(DEVICE_FAILURES_PER_QUARTER);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - DEVICE_FAILURES_PER_QUARTER);
  });

  it('a device cookie trusted by another account is a stranger here: the strangers\' throttle applies to it', async () => {
    const home = '81.2.69.162';
    const alicesBrowser = await trustedBrowser(ELSEWHERE, 'alice');
    const bobsBrowser = await trustedBrowser(ELSEWHERE, 'bob');
    expect(await guess('bob', home, 12)).toContain(429);

    const borrowed = await attempt(alicesBrowser, home, 'bob', DEFAULT_PASSWORD);
    expect(borrowed.status).toBe(429);
    expect(borrowed.retryAfter).toBeGreaterThan(0);
    expect((await signIn(bobsBrowser, home, 'bob')).page.url).toMatch(CALLBACK);
  });
});
