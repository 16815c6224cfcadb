/**
 * Authentication strengths over real HTTP (openid-client RP, software authenticator): an app that
 * asks for `phr`/`phrh` (essential acr claim or acr_values) is stepped up to a passkey only — a
 * TOTP code is neither offered nor accepted — and gets `phrh` for a device-bound key, `phr` for a
 * synced one; a user with no passkey gets the page that says what to do; the older acr values
 * keep their meaning; a sign-in risk policy with strength phishingResistant demands a passkey.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR, PHR_ACR, PHRH_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow } from '../support/mfa.ts';
import { registerPasskey } from '../support/passkeys.ts';
import { policiesYaml } from '../support/policies.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, formWithButton, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const TOR_EXIT = '185.220.101.4';
const essential = (...values: string[]) => JSON.stringify({ id_token: { acr: { essential: true, values } } });

let vigil: TestApp;
let rp: RelyingParty;
let authenticator: SoftwareAuthenticator;
const keys = new Map<string, SoftwareCredential>();
const secrets = new Map<string, string>();

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'phr',
    policiesYaml: policiesYaml({ signInRisk: '{ state: enabled, include: { groups: [admins] }, level: medium, strength: phishingResistant }' }),
    env: { TRUST_PROXY: 'true' },
    files: { 'risk/anonymous-ips/tor.txt': `${TOR_EXIT}\n` },
  });
  authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
  const synced = new SoftwareAuthenticator(authenticator.origin);
  synced.synced = true;
  const users = { key: [], both: [], synced: [], app: [], adminkey: ['admins'], adminapp: ['admins'], staffapp: [] } as Record<string, string[]>;
  for (const [username, groups] of Object.entries(users)) {
    const user = await createTestUser({ username, groups });
    if (['key', 'both', 'adminkey'].includes(username)) keys.set(username, await registerPasskey(vigil, authenticator, user));
    if (username === 'synced') keys.set(username, await registerPasskey(vigil, synced, user));
    if (['both', 'app', 'adminapp', 'staffapp'].includes(username)) secrets.set(username, (await registerMfa(vigil, user._id.toString())).secret);
  }
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

async function passwordStep(username: string, params: Record<string, string>, ip?: string) {
  const browser = new UserAgent(vigil.issuer);
  if (ip) browser.headers = { 'X-Forwarded-For': ip, 'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36' };
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

async function withPasskey(browser: UserAgent, page: Page, username: string, signer = authenticator): Promise<Page> {
  const path = /data-options="([^"]+)"/.exec(page.html)?.[1];
  const csrf = formsOf(page.html).find((form) => form.buttons.includes('passkey'))?.fields.csrf;
  if (!path || !csrf) throw new Error(`no passkey form on the page:\n${page.html.slice(0, 1500)}`);
  const options = (await browser.agent.post(path).type('form').send({ csrf }).redirects(0)).body as { challenge: string };
  return browser.submit(page, 'passkey', { assertion: signer.get(options, keys.get(username) as SoftwareCredential) });
}

describe('an app asking for phishing-resistant authentication (phr, phrh)', () => {
  it('advertises phr and phrh in discovery next to the MFA and password classes', async () => {
    const discovery = await new UserAgent(vigil.issuer).agent.get('/.well-known/openid-configuration');
    expect(discovery.body.acr_values_supported).toEqual(expect.arrayContaining([MFA_ACR, 'urn:vigil:acr:password', 'phr', 'phrh']));
  });

  it('steps a user with an app and a passkey up to the passkey only, refuses a TOTP code, and reports phr', async () => {
    const { browser, started, next } = await passwordStep('both', { claims: essential(PHR_ACR) });
    expect(next.html).toContain('Use a passkey or security key');
    expect(next.html).not.toContain('autocomplete="one-time-code"');
    nextStep(vigil);
    // The code box is not there; a code posted anyway is refused, unchecked.
    const form = formWithButton(next.html, 'passkey');
    const code = await browser.post(form.action, { csrf: form.fields.csrf ?? '', action: 'verify', code: totpNow(vigil, secrets.get('both') ?? '') });
    expect(code.status).toBe(403);
    expect(code.html).toContain('a code is not accepted here');
    const done = await withPasskey(browser, next, 'both');
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.acr).toBe(PHR_ACR);
    expect(claims?.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
  });

  it('answers phrh for a device-bound key and phr for a synced one (amr pop) when phrh is preferred', async () => {
    const bound = await passwordStep('key', { acr_values: `${PHRH_ACR} ${PHR_ACR}` });
    const boundDone = await withPasskey(bound.browser, bound.next, 'key');
    expect((await rp.finish(boundDone.url, bound.started)).claims()?.acr).toBe(PHRH_ACR);

    const synced = new SoftwareAuthenticator(authenticator.origin);
    synced.synced = true;
    const cloud = await passwordStep('synced', { acr_values: `${PHRH_ACR} ${PHR_ACR}` });
    const cloudDone = await withPasskey(cloud.browser, cloud.next, 'synced', synced);
    const claims = (await rp.finish(cloudDone.url, cloud.started)).claims();
    expect(claims?.acr).toBe(PHR_ACR);
    expect(claims?.amr).toEqual(['pwd', 'pop', 'user', 'mfa']);
  });

  it('shows a user with only an app the page that says what to do, never the code box, and no loop', async () => {
    const { browser, next } = await passwordStep('app', { claims: essential(PHR_ACR) });
    expect(next.status).toBe(403);
    expect(next.html).toContain('This sign-in needs a passkey or security key');
    expect(next.html).toContain('open your security info page and add a passkey or security key');
    expect(next.html).toContain('contact your administrator');
    expect(next.html).not.toContain('autocomplete="one-time-code"');
    const back = await browser.submit(next, 'deny');
    expect(back.url).toContain('error=access_denied');
  });

  it('keeps the older classes as they were: the MFA acr stays the MFA acr after a passkey, and a TOTP code meets it', async () => {
    const key = await passwordStep('key', { claims: ESSENTIAL_MFA_CLAIMS });
    expect((await rp.finish((await withPasskey(key.browser, key.next, 'key')).url, key.started)).claims()?.acr).toBe(MFA_ACR);
    const app = await passwordStep('app', { claims: ESSENTIAL_MFA_CLAIMS });
    nextStep(vigil);
    const done = await app.browser.submit(app.next, 'verify', { code: totpNow(vigil, secrets.get('app') ?? '') });
    expect((await rp.finish(done.url, app.started)).claims()?.acr).toBe(MFA_ACR);
  });

  it('answers each request of one session for itself: phr where asked, the MFA acr after it; prompt=none cannot step up', async () => {
    const { browser, started, next } = await passwordStep('key', { claims: essential(PHR_ACR) });
    expect((await rp.finish((await withPasskey(browser, next, 'key')).url, started)).claims()?.acr).toBe(PHR_ACR);
    const mfa = await rp.start({ claims: ESSENTIAL_MFA_CLAIMS });
    expect((await rp.finish((await browser.open(mfa.url.toString())).url, mfa)).claims()?.acr).toBe(MFA_ACR);
    const phr = await rp.start({ prompt: 'none', claims: essential(PHR_ACR) });
    expect((await rp.finish((await browser.open(phr.url.toString())).url, phr)).claims()?.acr).toBe(PHR_ACR);

    const app = await passwordStep('app', {});
    const silent = await rp.start({ prompt: 'none', claims: essential(PHR_ACR) });
    const refused = await app.browser.open(silent.url.toString());
    expect(new URL(refused.url).searchParams.get('error')).toBe('interaction_required');
  });

  it('a preference for phr that a user cannot meet falls back to the next class (never a refusal)', async () => {
    const { next, started } = await passwordStep('staffapp', { acr_values: `${PHR_ACR} urn:vigil:acr:password` });
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    expect((await rp.finish(next.url, started)).claims()?.acr).toBe('urn:vigil:acr:password');
  });
});

describe('a sign-in risk policy with strength phishingResistant', () => {
  it('steps a risky sign-in of a covered user up to a passkey, and the passkey remediates it', async () => {
    const { browser, started, next } = await passwordStep('adminkey', {}, TOR_EXIT);
    expect(next.html).toContain('We noticed something unusual about this sign-in.');
    expect(next.html).toContain('Use a passkey or security key');
    const done = await withPasskey(browser, next, 'adminkey');
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
  });

  it('refuses a covered user\'s app and shows the page that says what to do', async () => {
    const { next } = await passwordStep('adminapp', {}, TOR_EXIT);
    expect(next.status).toBe(403);
    expect(next.html).toContain('This sign-in needs a passkey or security key');
  });

  it('leaves users outside the policy\'s group alone', async () => {
    const { next } = await passwordStep('staffapp', {}, TOR_EXIT);
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });
});
