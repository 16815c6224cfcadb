/**
 * Signing in with a passkey and no password, over real HTTP with a software authenticator and an
 * openid-client app: the ID token says multi-factor without `pwd`; the attempt goes through the
 * same checks as a password (disabled account, user risk's password change, sign-in risk
 * remediated by the passkey); a replayed, cloned, unknown or unverified assertion is refused with
 * one sentence, and a clone is recorded as a detection that raises the user's risk. Every refused
 * assertion is recorded as a failed password is (the account its credential names, or none for a
 * credential nobody has) and counts against the source's throttle; a refused sign-in (throttled,
 * disabled account) leaves the key's counter and last use as they were, while a clone found on a
 * throttled source is still reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { Passkey, type PasskeyRecord } from '../../src/mfa/passkeys/passkey.ts';
import { RiskDetection } from '../../src/risk/models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { THROTTLE_SOURCE_FAILURES } from '../../src/risk/throttle.ts';
import { UNKNOWN_PASSKEY_USERNAME } from '../../src/sign-in/passkey-sign-in.ts';
import { User } from '../../src/users/user.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { passkeyOptionsOf, registerPasskey } from '../support/passkeys.ts';
import { policiesYaml } from '../support/policies.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser } from '../support/users.ts';
import { relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const TOR_EXIT = '185.220.101.7';
const FAILED = 'That passkey could not sign you in.';
const NEW_PASSWORD = 'cobalt-meadow-lantern-77';

let vigil: TestApp;
let rp: RelyingParty;
let authenticator: SoftwareAuthenticator;
const keys = new Map<string, SoftwareCredential>();
const ids = new Map<string, string>();

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'passwordless',
    env: { TRUST_PROXY: 'true' },
    policiesYaml: policiesYaml({ signInRisk: '{ state: enabled, level: medium }', userRisk: '{ state: enabled, include: { users: all }, level: high }' }),
    files: { 'risk/anonymous-ips/tor.txt': `${TOR_EXIT}\n` },
  });
  authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
  for (const username of ['ana', 'dis', 'rep', 'clo', 'gone', 'nouv', 'hi', 'tor', 'rep2', 'nouv2', 'gone2', 'dis2', 'thr', 'clo2']) {
    const user = await createTestUser({ username });
    ids.set(username, user._id.toString());
    keys.set(username, await registerPasskey(vigil, authenticator, user));
  }
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

async function loginPage(headers: Record<string, string> = {}) {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = headers;
  const started = await rp.start({});
  const page = await browser.open(started.url.toString());
  expect(page.status).toBe(200);
  return { browser, started, page };
}

/** What views/assets/passkey-sign-in.js does: ask for options with the form's CSRF token. */
const requestOptions = passkeyOptionsOf;

async function signInWithPasskey(username: string, overrides: { counter?: number } = {}, headers: Record<string, string> = {}) {
  const { browser, started, page } = await loginPage(headers);
  const assertion = authenticator.get(await requestOptions(browser, page), keys.get(username) as SoftwareCredential, overrides);
  const next = await browser.submit(page, 'passkey', { assertion });
  return { browser, started, page, next, assertion };
}

/** Oldest first: a find without a sort has no order (an index read returns the index's). */
async function eventsOf(username: string): Promise<SignInEventRecord[]> {
  return SignInEvent.collection.find<SignInEventRecord>({ username }).sort({ at: 1, _id: 1 }).toArray();
}

describe('the login page', () => {
  it('offers a passkey (shown by its script) and the username field\'s autofill; options name no credential and require user verification', async () => {
    const { browser, page } = await loginPage();
    expect(page.html).toContain('autocomplete="username webauthn"');
    expect(page.html).toMatch(/<form[^>]*class="passkey-sign-in"[^>]*hidden>/);
    expect(page.html).toContain('/assets/passkey-sign-in.js');
    const options = await requestOptions(browser, page);
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe('required');
  });
});

describe('a passwordless sign-in', () => {
  it('gives the app amr hwk, user, mfa (no pwd) and the MFA acr; the event records a passkey and MFA', async () => {
    const { next, started } = await signInWithPasskey('ana');
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const claims = (await rp.finish(next.url, started)).claims();
    expect(claims?.sub).toBe(ids.get('ana'));
    expect(claims?.amr).toEqual(['hwk', 'user', 'mfa']);
    expect(claims?.acr).toBe(MFA_ACR);
    const [event] = await eventsOf('ana');
    expect(event?.outcome).toBe('success');
    expect(event?.steps.map((step) => step.step)).toEqual(['passkey', 'mfa']);
    const stored = await Passkey.findOne({ userId: ids.get('ana') }).lean();
    expect(stored?.lastUsedAt?.getTime()).toBe(vigil.clock.now().getTime());
  });

  it('refuses a disabled account, and records the refusal', async () => {
    await User.updateOne({ username: 'dis' }, { $set: { disabled: true } });
    const { next } = await signInWithPasskey('dis');
    expect(next.status).toBe(403);
    expect(next.html).toContain('This account is disabled.');
    expect((await eventsOf('dis')).map((event) => event.outcome)).toEqual(['blocked']);
  });

  it('refuses a replayed assertion (its challenge is spent) with the same sentence', async () => {
    const first = await signInWithPasskey('rep');
    expect(first.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const { browser, page } = await loginPage();
    const replay = await browser.submit(page, 'passkey', { assertion: first.assertion });
    expect(replay.status).toBe(401);
    expect(replay.html).toContain(FAILED);
    // The error is the passkey button's: summarised, linked and described, the form shown.
    expect(replay.html).toContain('<a href="#passkey-sign-in">');
    expect(replay.html).toContain('aria-describedby="passkey-sign-in-error"');
    expect(replay.html).not.toMatch(/class="passkey-sign-in"[^>]*hidden>/);
  });

  it('refuses a cloned key, records clonedAuthenticator on the attempt and raises the user\'s risk', async () => {
    const userId = ids.get('clo') ?? '';
    expect((await signInWithPasskey('clo')).next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const { next } = await signInWithPasskey('clo', { counter: 1 });
    expect(next.status).toBe(401);
    expect(next.html).toContain(FAILED);
    const cloned = (await eventsOf('clo')).find((event) => event.outcome === 'blocked');
    expect(cloned?.detections.map((finding) => finding.type)).toEqual(['clonedAuthenticator']);
    expect(cloned?.riskLevel).toBe('high');
    expect(await RiskDetection.countDocuments({ signInEventId: cloned?._id, type: 'clonedAuthenticator' })).toBe(1);
    expect(await vigil.app.services.risk.userRiskLevel(userId)).toBe('medium');
    await signInWithPasskey('clo', { counter: 1 });
    expect(await vigil.app.services.risk.userRiskLevel(userId)).toBe('high');
  });

  it('refuses a passkey that was removed, saying nothing about the account', async () => {
    await Passkey.deleteMany({ userId: ids.get('gone') });
    const { next } = await signInWithPasskey('gone');
    expect(next.status).toBe(401);
    expect(next.html).toContain(FAILED);
    expect(next.html).not.toContain('gone');
    expect(await eventsOf('gone')).toEqual([]);
  });

  it('refuses an assertion without user verification: the passkey must be both factors', async () => {
    authenticator.userVerified = false;
    try {
      const { next } = await signInWithPasskey('nouv');
      expect(next.status).toBe(401);
      expect(next.html).toContain(FAILED);
    } finally {
      authenticator.userVerified = true;
    }
  });

  it('still owes the secure password change when the user\'s risk is high, and the change remediates it', async () => {
    const userId = ids.get('hi') ?? '';
    await vigil.app.services.risk.confirmCompromised(userId, 'test');
    const { browser, started, next } = await signInWithPasskey('hi');
    expect(next.status).toBe(200);
    expect(next.html).toContain('autocomplete="new-password"');
    expect(next.html).toContain('Choose a new password you have not used anywhere else.');
    const done = await browser.submit(next, 'change', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['hwk', 'user', 'mfa']);
    expect(await vigil.app.services.risk.userRiskLevel(userId)).toBe('none');
  });

  it('counts as the MFA a risky sign-in owes: straight to the app, the sign-in remediated', async () => {
    const { next, started } = await signInWithPasskey('tor', {}, { 'X-Forwarded-For': TOR_EXIT });
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    expect((await rp.finish(next.url, started)).claims()?.acr).toBe(MFA_ACR);
    const [event] = await eventsOf('tor');
    expect(event?.detections.map((finding) => finding.type)).toContain('anonymousIp');
    expect(event?.decisions).toContainEqual({ policy: 'signInRisk', decision: 'mfa' });
    expect(event?.riskState).toBe('remediated');
    expect(await vigil.app.services.risk.userRiskLevel(ids.get('tor') ?? '')).toBe('none');
  });
});

async function eventsAt(ip: string): Promise<SignInEventRecord[]> {
  return SignInEvent.collection.find<SignInEventRecord>({ ip }).toArray();
}

async function storedKey(username: string): Promise<PasskeyRecord | null> {
  return Passkey.findOne({ userId: ids.get(username) }).lean<PasskeyRecord>();
}

/** The answer without what differs per page (the CSRF token, the interaction's uid). */
function answerOf(page: Page): string {
  return page.html.replace(/name="csrf" value="[^"]*"/g, '').replace(/\/interaction\/[^/"]+/g, '/interaction/UID');
}

describe('a refused passwordless sign-in is recorded as a failed password is', () => {
  it('a replayed assertion: a failed passkey of the account its credential names', async () => {
    const first = await signInWithPasskey('rep2', {}, { 'X-Forwarded-For': '198.51.100.1' });
    expect(first.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const { browser, page } = await loginPage({ 'X-Forwarded-For': '198.51.100.1' });
    const replay = await browser.submit(page, 'passkey', { assertion: first.assertion });
    expect(replay.status).toBe(401);
    const events = await eventsOf('rep2');
    expect(events.map((event) => event.outcome)).toEqual(['success', 'failedPasskey']);
    const failed = events.find((event) => event.outcome === 'failedPasskey');
    expect(failed?.userId).toBe(ids.get('rep2'));
    expect(failed?.passwordOk).toBe(false);
    expect(failed?.steps).toEqual([expect.objectContaining({ step: 'passkey', outcome: 'failure' })]);
  });

  it('an assertion without user verification: a failed passkey of its account', async () => {
    authenticator.userVerified = false;
    try {
      expect((await signInWithPasskey('nouv2', {}, { 'X-Forwarded-For': '198.51.100.2' })).next.status).toBe(401);
    } finally {
      authenticator.userVerified = true;
    }
    const events = await eventsOf('nouv2');
    expect(events.map((event) => [event.outcome, event.userId])).toEqual([['failedPasskey', ids.get('nouv2')]]);
  });

  it('a removed passkey: an unknown user, no account named, and the same answer as a known one', async () => {
    await Passkey.deleteMany({ userId: ids.get('gone2') });
    const { next } = await signInWithPasskey('gone2', {}, { 'X-Forwarded-For': '198.51.100.3' });
    expect(next.status).toBe(401);
    expect(next.html).toContain(FAILED);
    expect(await eventsOf('gone2')).toEqual([]);
    const unknown = await eventsAt('198.51.100.3');
    expect(unknown.map((event) => [event.outcome, event.username, event.userId])).toEqual([['unknownUser', UNKNOWN_PASSKEY_USERNAME, undefined]]);
    // A known account's refused passkey gets the very same page.
    authenticator.userVerified = false;
    try {
      const known = await signInWithPasskey('rep2', {}, { 'X-Forwarded-For': '198.51.100.3' });
      expect(known.next.status).toBe(next.status);
      expect(answerOf(known.next)).toBe(answerOf(next));
    } finally {
      authenticator.userVerified = true;
    }
  });
});

describe('failures count against the throttle, and a refused sign-in writes nothing to the key', () => {
  it('a source with enough failed passkeys is throttled; a good passkey from it leaves counter and last use alone', async () => {
    const ip = '198.51.100.4';
    for (let i = 0; i < THROTTLE_SOURCE_FAILURES; i += 1) {
      const { browser, page } = await loginPage({ 'X-Forwarded-For': ip });
      expect((await browser.submit(page, 'passkey', { assertion: '{"id":' })).status).toBe(401);
    }
    const before = await storedKey('thr');
    vigil.clock.advance(60_000);
    const { next } = await signInWithPasskey('thr', {}, { 'X-Forwarded-For': ip });
    expect(next.status).toBe(429);
    expect(await storedKey('thr')).toEqual(before);
    expect((await eventsOf('thr')).map((event) => event.outcome)).toEqual(['throttled']);
  });

  it('a clone from a throttled source is still reported, on the throttled attempt', async () => {
    expect((await signInWithPasskey('clo2', {}, { 'X-Forwarded-For': '198.51.100.6' })).next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const { next } = await signInWithPasskey('clo2', { counter: 1 }, { 'X-Forwarded-For': '198.51.100.4' });
    expect(next.status).toBe(429);
    const event = (await eventsOf('clo2')).find((candidate) => candidate.outcome === 'throttled');
    expect(await RiskDetection.countDocuments({ signInEventId: event?._id, type: 'clonedAuthenticator' })).toBe(1);
  });

  it('a disabled account: refused, and the key\'s counter and last use are as they were', async () => {
    await User.updateOne({ username: 'dis2' }, { $set: { disabled: true } });
    const before = await storedKey('dis2');
    vigil.clock.advance(60_000);
    const { next } = await signInWithPasskey('dis2', {}, { 'X-Forwarded-For': '198.51.100.5' });
    expect(next.status).toBe(403);
    expect(await storedKey('dis2')).toEqual(before);
  });
});
