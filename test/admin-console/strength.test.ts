/**
 * The admin console's MFA strength (ADMIN_MFA_STRENGTH) over real HTTP, with the software
 * authenticator: by default the console demands phishing-resistant MFA (an essential acr claim
 * phrh/phr) — an admin with only an authenticator app gets the page that says what to do, an
 * admin with a passkey gets in with acr phrh, and a sign-in whose request was changed to ask for
 * less is refused at the callback, and a console session opened with less ends; with `mfa` an
 * app's code is enough, as before; an unknown value stops Vigil at boot.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/app.ts';
import { loadSettings } from '../../src/config/env.ts';
import { collectionName } from '../../src/oidc/adapter.ts';
import { MINUTE } from '../../src/clock.ts';
import type { AdminSessionRecord } from '../../src/admin-console/session.ts';
import type { MfaStrength } from '../../src/mfa/strength.ts';
import { ESSENTIAL_MFA_CLAIMS, MFA_ACR, PHR_ACR, PHRH_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDatabaseUri } from '../support/database.ts';
import { nextStep, registerMfa, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { answerWithPasskey, registerPasskey } from '../support/passkeys.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

const OVERVIEW = 'Sign-ins in the last 24 hours';

/** The acr values the console's authorization request demands (its essential acr claim). */
async function demandedAcrs(vigil: TestApp): Promise<string[]> {
  const response = await new UserAgent(vigil.issuer).agent.get('/admin').redirects(0);
  const claims = new URL(String(response.headers.location)).searchParams.get('claims') ?? '{}';
  const acr = (JSON.parse(claims) as { id_token?: { acr?: { essential?: boolean; values?: string[] } } }).id_token?.acr;
  expect(acr?.essential).toBe(true);
  return acr?.values ?? [];
}

/** A console session stored as the console stores one (SHA-256 of the cookie), as if opened at `strength`. */
async function storedSession(vigil: TestApp, userId: string, strength: MfaStrength | undefined): Promise<{ id: string; cookie: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = createHash('sha256').update(token).digest('base64url');
  const now = vigil.clock.now();
  await mongoose.connection.collection<AdminSessionRecord>('admin_console_sessions').insertOne({
    _id: id, userId, createdAt: now, expiresAt: new Date(now.getTime() + 30 * MINUTE), ...(strength ? { strength } : {}),
  });
  return { id, cookie: `vigil_admin=${token}` };
}

describe('ADMIN_MFA_STRENGTH unset: phishing-resistant MFA', () => {
  let vigil: TestApp;
  let authenticator: SoftwareAuthenticator;
  let passkey: SoftwareCredential;
  let appOnly: RegisteredMfa;
  let passkeyAdminId = '';

  beforeAll(async () => {
    vigil = await startTestApp({ label: 'admin-strength' });
    authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
    const keyed = await createTestUser({ username: 'keyadmin', groups: ['vigil-admins'] });
    passkeyAdminId = keyed._id.toString();
    passkey = await registerPasskey(vigil, authenticator, keyed);
    const app = await createTestUser({ username: 'appadmin', groups: ['vigil-admins'] });
    appOnly = await registerMfa(vigil, app._id.toString());
  });
  afterAll(async () => {
    await vigil.close();
  });

  it('is the default, and the console\'s request demands phrh or phr as an essential acr claim', async () => {
    expect(vigil.settings.adminMfaStrength).toBe('phishingResistant');
    expect(await demandedAcrs(vigil)).toEqual([PHRH_ACR, PHR_ACR]);
  });

  it('shows an admin with only an authenticator app the page that says what to do, never the code box', async () => {
    const { browser, page } = await adminSignIn(vigil, 'appadmin');
    expect(page.status).toBe(403);
    expect(page.html).toContain('This sign-in needs a passkey or security key');
    expect(page.html).toContain('open your security info page and add a passkey or security key');
    expect(page.html).not.toContain('autocomplete="one-time-code"');
    expect((await browser.open('/admin')).html).not.toContain(OVERVIEW);
  });

  it('lets an admin in with a passkey, the sign-in reported as phrh', async () => {
    const { browser, page: passkeyStep } = await adminSignIn(vigil, 'keyadmin');
    expect(passkeyStep.html).toContain('Use a passkey or security key');
    const page = await answerWithPasskey(browser, passkeyStep, authenticator, passkey);
    expect(page.status).toBe(200);
    expect(page.html).toContain(OVERVIEW);
    expect(page.html).toContain('Signed in as keyadmin');
    const code = await mongoose.connection.collection(collectionName('AuthorizationCode'))
      .findOne<{ payload: { acr: string; amr: string[] } }>({ 'payload.clientId': 'vigil-admin-console', 'payload.accountId': passkeyAdminId });
    expect(code?.payload.acr).toBe(PHRH_ACR);
    expect(code?.payload.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    const session = await mongoose.connection.collection('admin_console_sessions').findOne({ userId: passkeyAdminId });
    expect(session?.strength).toBe('phishingResistant');
  });

  it('ends a console session opened with less (before the operator raised the strength) and signs in again', async () => {
    const sessions = mongoose.connection.collection<{ _id: string }>('admin_console_sessions');
    for (const strength of ['mfa', undefined] as const) {
      const { id, cookie } = await storedSession(vigil, passkeyAdminId, strength);
      const response = await new UserAgent(vigil.issuer).agent.get('/admin').set('Cookie', cookie).redirects(0);
      expect(response.status, strength).toBe(302);
      expect(String(response.headers.location)).toContain('/auth?');
      expect(await sessions.findOne({ _id: id })).toBeNull();
    }
    const strong = await storedSession(vigil, passkeyAdminId, 'phishingResistant');
    const kept = await new UserAgent(vigil.issuer).agent.get('/admin').set('Cookie', strong.cookie).redirects(0);
    expect(kept.status).toBe(200);
    expect(kept.text).toContain(OVERVIEW);
  });

  it('refuses at the callback a TOTP sign-in whose request was changed to ask for the MFA acr only', async () => {
    const browser = new UserAgent(vigil.issuer);
    const start = await browser.agent.get('/admin').redirects(0);
    const authorize = new URL(String(start.headers.location));
    // Same state and PKCE challenge as the console's flow cookie: only the demand is lowered.
    authorize.searchParams.set('claims', ESSENTIAL_MFA_CLAIMS);
    const login = await browser.open(authorize.toString());
    const codeStep = await browser.submit(login, 'login', { username: 'appadmin', password: DEFAULT_PASSWORD });
    nextStep(vigil);
    const refused = await browser.submit(codeStep, 'verify', { code: totpNow(vigil, appOnly.secret) });
    expect(refused.url).toContain('/admin/callback');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('The admin console needs a sign-in with a passkey or security key.');
    expect(refused.html).not.toContain(OVERVIEW);
    expect((await browser.open('/admin')).html).not.toContain(OVERVIEW);
  });
});

describe('ADMIN_MFA_STRENGTH=mfa', () => {
  let vigil: TestApp;
  let appOnly: RegisteredMfa;
  let appAdminId = '';

  beforeAll(async () => {
    vigil = await startTestApp({ label: 'admin-strength-mfa', env: { ADMIN_MFA_STRENGTH: 'mfa' } });
    const app = await createTestUser({ username: 'appadmin', groups: ['vigil-admins'] });
    appAdminId = app._id.toString();
    appOnly = await registerMfa(vigil, appAdminId);
  });
  afterAll(async () => {
    await vigil.close();
  });

  it('demands the MFA acr and lets an admin in with an authenticator app\'s code', async () => {
    expect(await demandedAcrs(vigil)).toEqual([MFA_ACR]);
    const { page } = await adminSignIn(vigil, 'appadmin', appOnly);
    expect(page.status).toBe(200);
    expect(page.html).toContain(OVERVIEW);
    const session = await mongoose.connection.collection('admin_console_sessions').findOne({ userId: appAdminId });
    expect(session?.strength).toBe('mfa');
  });
});

/** `node src/main.ts` with this ADMIN_MFA_STRENGTH; resolves with its exit code and stderr. */
function boot(strength: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'src', 'main.ts')], {
    env: { ...process.env, ADMIN_MFA_STRENGTH: strength, MONGODB_URI: testDatabaseUri('admin-strength-boot'), PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  // A boot that wrongly succeeds prints its banner: stop it, and the test fails on the code.
  child.stdout.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Vigil is running')) child.kill(); });
  return new Promise((done) => child.once('exit', (code) => done({ code, stderr })));
}

describe('a bad ADMIN_MFA_STRENGTH', () => {
  it('is a configuration error: Vigil exits 2 with one line naming the setting and the values it takes', async () => {
    expect(() => loadSettings({ ADMIN_MFA_STRENGTH: 'phishing-resistant' })).toThrow(/ADMIN_MFA_STRENGTH/);
    const refused = await boot('strong');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toBe('vigil: configuration error: ADMIN_MFA_STRENGTH: "strong" is not one of phishingResistant, mfa\n');
  });
});
