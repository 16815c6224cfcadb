/**
 * acr_values is a voluntary, ordered preference; the essential acr claim is the demand
 * (OIDC Core 3.1.2.1, 5.5.1.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR, PASSWORD_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const MFA_THEN_PASSWORD = `${MFA_ACR} ${PASSWORD_ACR}`;

let vigil: TestApp;
let rp: RelyingParty;
let mfa: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'acr-requests' });
  const withApp = await createTestUser({ username: 'hasapp' });
  await createTestUser({ username: 'noapp' });
  mfa = await registerMfa(vigil, withApp._id.toString());
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function passwordStep(params: Record<string, string>, username: string, browser = new UserAgent(vigil.issuer)) {
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  expect(login.html).toContain('autocomplete="current-password"');
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

describe('acr_values: an ordered preference, never a refusal', () => {
  it('MFA first, user with an app: the code is asked and the ID token says the MFA acr', async () => {
    const { browser, started, next } = await passwordStep({ acr_values: MFA_THEN_PASSWORD }, 'hasapp');
    expect(next.html).toContain('autocomplete="one-time-code"');
    nextStep(vigil);
    const done = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.secret) });
    expect((await rp.finish(done.url, started)).claims()?.acr).toBe(MFA_ACR);
  });

  it('MFA first, user without MFA: signed in with the password class, no MFA page, no refusal', async () => {
    const { started, next } = await passwordStep({ acr_values: MFA_THEN_PASSWORD }, 'noapp');
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
    const claims = (await rp.finish(next.url, started)).claims();
    expect(claims?.acr).toBe(PASSWORD_ACR);
    expect(claims?.amr).toEqual(['pwd']);
  });

  it('password first: the password class is met, no MFA even for a user with an app', async () => {
    const { started, next } = await passwordStep({ acr_values: `${PASSWORD_ACR} ${MFA_ACR}` }, 'hasapp');
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
    expect((await rp.finish(next.url, started)).claims()?.acr).toBe(PASSWORD_ACR);
  });

  it('prompt=none with MFA preferred on a password session: no error, the password class', async () => {
    const { browser, started, next } = await passwordStep({}, 'hasapp');
    await rp.finish(next.url, started);
    const silent = await rp.start({ prompt: 'none', acr_values: MFA_THEN_PASSWORD });
    const page = await browser.open(silent.url.toString());
    expect(page.url).toMatch(/^http:\/\/rp\.test\/callback\?code=/);
    expect((await rp.finish(page.url, silent)).claims()?.acr).toBe(PASSWORD_ACR);
  });
});

describe('the essential acr claim: a demand', () => {
  it('the right password leads to the MFA step (not the password page again), then the MFA acr', async () => {
    const { browser, started, next } = await passwordStep({ claims: ESSENTIAL_MFA_CLAIMS }, 'hasapp');
    expect(next.html).not.toContain('autocomplete="current-password"');
    expect(next.html).toContain('autocomplete="one-time-code"');
    nextStep(vigil);
    const done = await browser.submit(next, 'verify', { code: totpNow(vigil, mfa.secret) });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.acr).toBe(MFA_ACR);
    expect(claims?.amr).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('a user without MFA gets the "contact your administrator" page, not the password page again', async () => {
    const { next } = await passwordStep({ claims: ESSENTIAL_MFA_CLAIMS }, 'noapp');
    expect(next.status).toBe(403);
    expect(next.html).toContain('Contact your administrator');
    expect(next.html).not.toContain('autocomplete="current-password"');
  });

  it('prompt=none with the essential claim unmet returns interaction_required', async () => {
    const { browser, started, next } = await passwordStep({}, 'hasapp');
    await rp.finish(next.url, started);
    const silent = await rp.start({ prompt: 'none', claims: ESSENTIAL_MFA_CLAIMS });
    const page = await browser.open(silent.url.toString());
    expect(new URL(page.url).searchParams.get('error')).toBe('interaction_required');
  });
});
