/**
 * A passkey at the MFA step of a sign-in, over real HTTP with a software authenticator: a user
 * whose only method is a passkey is stepped up with it (the app's essential acr claim) and the ID
 * token says so; a cloned assertion (its counter did not go up) is refused and recorded as a risk
 * detection on the sign-in; a challenge is good for its own interaction only; the registration
 * policy counts a passkey as a method.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR } from '../../src/oidc/acr.ts';
import { Passkey } from '../../src/mfa/passkeys/passkey.ts';
import { registrationOptions, verifyRegistration } from '../../src/mfa/passkeys/registration.ts';
import { relyingPartyOf } from '../../src/mfa/passkeys/relying-party.ts';
import { RiskDetection } from '../../src/risk/models/risk-detection.ts';
import { SignInEvent, type SignInEventRecord } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { policiesYaml } from '../support/policies.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;
let authenticator: SoftwareAuthenticator;
const keys = new Map<string, SoftwareCredential>();

/** The user's passkey, registered as security info would (a challenge, the authenticator's answer). */
async function givePasskey(username: string): Promise<void> {
  const user = await createTestUser({ username });
  const userId = user._id.toString();
  const relying = relyingPartyOf(vigil.issuer, 'Vigil');
  const started = await registrationOptions({ rp: relying, userId, username, boundTo: 'test', now: vigil.clock.now() });
  if (!started.ok) throw new Error('no registration options');
  const { credential, json } = authenticator.create(started.options as never);
  const registered = await verifyRegistration({ rp: relying, userId, boundTo: 'test', name: 'Test key', response: json, now: vigil.clock.now() });
  expect(registered.ok).toBe(true);
  keys.set(username, credential);
}

beforeAll(async () => {
  const registration = '{ state: enabled, include: { users: all }, gracePeriodDays: 14 }';
  vigil = await startTestApp({ label: 'pksignin', policiesYaml: policiesYaml({ mfaRegistration: registration }) });
  authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
  for (const username of ['pia', 'cole', 'bo', 'reg']) await givePasskey(username);
  await createTestUser({ username: 'nomethod' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

async function passwordStep(username: string, params: Record<string, string> = { claims: ESSENTIAL_MFA_CLAIMS }) {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

/** What views/assets/passkeys.js does: ask for options with the form's CSRF token. */
async function requestOptions(browser: UserAgent, page: Page): Promise<{ challenge: string }> {
  const path = /data-options="([^"]+)"/.exec(page.html)?.[1];
  const csrf = formsOf(page.html).find((form) => form.buttons.includes('passkey'))?.fields.csrf;
  if (!path || !csrf) throw new Error(`no passkey form on the page:\n${page.html.slice(0, 1500)}`);
  const response = await browser.agent.post(path).type('form').send({ csrf }).redirects(0);
  expect(response.status).toBe(200);
  return response.body as { challenge: string };
}

/** The user's sign-ins (the test clock stands still: they share one time). */
async function signInsOf(username: string): Promise<SignInEventRecord[]> {
  return SignInEvent.collection.find<SignInEventRecord>({ username }).toArray();
}

describe('a passkey at the MFA step', () => {
  it('steps up a user whose only method is a passkey; the ID token says hwk, user, mfa and the MFA acr', async () => {
    const { browser, started, next } = await passwordStep('pia');
    expect(next.status).toBe(200);
    expect(next.html).toContain('Use a passkey or security key');
    expect(next.html).toContain('/assets/passkeys.js');
    expect(next.html).not.toContain('autocomplete="one-time-code"');
    const options = await requestOptions(browser, next);
    const assertion = authenticator.get(options, keys.get('pia') as SoftwareCredential);
    const done = await browser.submit(next, 'passkey', { assertion });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.acr).toBe(MFA_ACR);
    expect(claims?.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    const stored = await Passkey.findOne({ userId: claims?.sub }).lean();
    expect(stored?.lastUsedAt?.getTime()).toBe(vigil.clock.now().getTime());
  });

  it('refuses a cloned assertion (counter not increased) and records it as a detection on the sign-in', async () => {
    const key = keys.get('cole') as SoftwareCredential;
    const first = await passwordStep('cole');
    const good = await first.browser.submit(first.next, 'passkey', { assertion: authenticator.get(await requestOptions(first.browser, first.next), key) });
    expect((await rp.finish(good.url, first.started)).claims()?.acr).toBe(MFA_ACR);

    const { browser, next } = await passwordStep('cole');
    const clone = authenticator.get(await requestOptions(browser, next), key, { counter: 1 });
    const refused = await browser.submit(next, 'passkey', { assertion: clone });
    expect(refused.status).toBe(401);
    expect(refused.html).toContain('could not be verified');
    const events = await signInsOf('cole');
    expect(events).toHaveLength(2);
    const event = events.find((candidate) => candidate.detections.some((finding) => finding.type === 'clonedAuthenticator'));
    if (!event) throw new Error(`no sign-in with the detection: ${JSON.stringify(events)}`);
    expect(event.riskLevel).toBe('high');
    expect(event.steps.at(-1)).toMatchObject({ step: 'mfa', outcome: 'failure' });
    const reported = await RiskDetection.find({ signInEventId: event._id, type: 'clonedAuthenticator' }).lean();
    expect(reported).toHaveLength(1);
  });

  it('takes an assertion only for the challenge its own interaction asked for, and once', async () => {
    const key = keys.get('bo') as SoftwareCredential;
    const other = await passwordStep('bo');
    const elsewhere = authenticator.get(await requestOptions(other.browser, other.next), key);
    const { browser, started, next } = await passwordStep('bo', { claims: ESSENTIAL_MFA_CLAIMS });
    expect((await browser.submit(next, 'passkey', { assertion: elsewhere })).status).toBe(401);
    const assertion = authenticator.get(await requestOptions(browser, next), key);
    const done = await browser.submit(next, 'passkey', { assertion });
    expect((await rp.finish(done.url, started)).claims()?.acr).toBe(MFA_ACR);
    const replay = await passwordStep('bo');
    expect((await replay.browser.submit(replay.next, 'passkey', { assertion })).status).toBe(401);
  });

  it('answers a malformed assertion with a 401 page, not an error', async () => {
    const { browser, next } = await passwordStep('bo');
    const page = await browser.submit(next, 'passkey', { assertion: '{"id":' });
    expect(page.status).toBe(401);
    expect(page.html).toContain('could not be verified');
  });
});

describe('the registration policy', () => {
  it('counts a passkey as a method: no registration interrupt for a user who has one', async () => {
    const { started, next } = await passwordStep('reg', {});
    const claims = (await rp.finish(next.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd']);
    const control = await passwordStep('nomethod', {});
    expect(control.next.html).toContain('You can skip this for 14 more days.');
  });
});
