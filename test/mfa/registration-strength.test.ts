/**
 * The registration wizard offers the methods the registration policy's strength accepts, over
 * real HTTP with a software authenticator: under `phishingResistant` a passkey only — a user with
 * only an app is asked to add one, the app's wizard cannot be reached — and a passkey added in the
 * wizard is the sign-in's MFA. (Under `mfa`, the app or a passkey: test/mfa/registration-policy.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Passkey } from '../../src/mfa/passkeys/passkey.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { nextStep, registerMfa, totpNow } from '../support/mfa.ts';
import { policiesYaml } from '../support/policies.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { SoftwareAuthenticator } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

let strict: TestApp;
let sink: SmtpSink;
let authenticator: SoftwareAuthenticator;
let appSecret: string;

const POLICIES = policiesYaml({ mfaRegistration: '{ state: enabled, include: { users: all }, gracePeriodDays: 14, strength: phishingResistant }' });

beforeAll(async () => {
  sink = await startSmtpSink();
  strict = await startTestApp({ label: 'regphr', policiesYaml: POLICIES, env: { SMTP_URL: sink.url } });
  const appOnly = await createTestUser({ username: 'apponly' });
  appSecret = (await registerMfa(strict, appOnly._id.toString())).secret;
  await createTestUser({ username: 'fresh' });
  authenticator = new SoftwareAuthenticator(new URL(strict.issuer).origin);
});
afterAll(async () => {
  await strict.close();
  await sink.stop();
});

async function signIn(vigil: TestApp, rp: RelyingParty, username: string) {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  return { browser, started, next };
}

async function status(username: string): Promise<{ registration: { kind: string } }> {
  const result = await runCli(['mfa', 'status', username, '--json'], { databaseUri: strict.databaseUri, configDir: strict.configDir });
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as { registration: { kind: string } };
}

const actionsOn = (html: string): string[] => formsOf(html).flatMap((form) => form.buttons);

/** What views/assets/passkeys.js does: options with the form's CSRF token, the authenticator's answer posted. */
async function addPasskey(browser: UserAgent, page: Page, name: string, extra: Record<string, string> = {}): Promise<Page> {
  const form = formsOf(page.html).find((candidate) => candidate.fields.response !== undefined);
  const path = /data-options="([^"]+)"/.exec(page.html)?.[1];
  if (!form || !path) throw new Error(`no passkey form on the page:\n${page.html.slice(0, 1500)}`);
  const options = await browser.agent.post(path).type('form').send({ csrf: form.fields.csrf ?? '' }).redirects(0);
  expect(options.status).toBe(200);
  const { json } = authenticator.create(options.body as never);
  return browser.post(form.action, { ...form.fields, ...extra, name, response: json });
}

describe('registration under strength phishingResistant', () => {
  it('asks a user with only an app to add a passkey, offers no app, and the added passkey is the sign-in\'s MFA', async () => {
    const rp = await relyingParty(strict.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    // `mfa status` asks the registry too: the app alone is not a registration under this policy.
    expect((await status('apponly')).registration.kind).toBe('interrupt');
    const { browser, started, next } = await signIn(strict, rp, 'apponly');
    expect(next.html).toContain('Your organisation requires you to add a passkey or security key');
    expect(actionsOn(next.html)).toEqual(['register-passkey', 'skip']);
    // The app's wizard is not reachable: asking for it shows the passkey step.
    const form = formsOf(next.html).find((candidate) => candidate.buttons.includes('register-passkey'));
    const step = await browser.post(form?.action ?? '', { csrf: form?.fields.csrf ?? '', action: 'register' });
    expect(step.html).toContain('Add a passkey or security key');
    expect(step.html).toContain('/assets/passkeys.js');
    expect(step.html).not.toContain('id="totp-secret"');
    // The password alone does not add a key for a user who has an app: its code first.
    expect(step.html).toContain('First, the 6-digit code from your authenticator app');
    const without = await addPasskey(browser, step, 'Stolen');
    expect(without.status).toBe(401);
    expect(await Passkey.countDocuments({ name: 'Stolen' })).toBe(0);
    nextStep(strict);
    const done = await addPasskey(browser, without, 'Laptop', { code: totpNow(strict, appSecret) });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    expect(await Passkey.countDocuments({ userId: claims?.sub, name: 'Laptop' })).toBe(1);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('apponly@example.test') && /added/i.test(m.subject));
    expect(mail.text).toContain('Passkey or security key (Laptop)');
    // Registered: the next sign-in is not interrupted, and `mfa status` agrees.
    const again = await signIn(strict, rp, 'apponly');
    expect(again.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    expect((await status('apponly')).registration.kind).toBe('none');
    // `mfa reset` removes every method of the registry: the app, its recovery codes and the passkey.
    const reset = await runCli(['mfa', 'reset', 'apponly', '--json'], { databaseUri: strict.databaseUri, configDir: strict.configDir });
    expect(JSON.parse(reset.stdout)).toMatchObject({ removed: 3 });
    expect(await Passkey.countDocuments({ userId: claims?.sub })).toBe(0);
  });

  it('refuses a forged answer with a clear 400 and keeps the user on the step', async () => {
    const rp = await relyingParty(strict.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const { browser, next } = await signIn(strict, rp, 'fresh');
    const step = await browser.submit(next, 'register-passkey');
    const form = formsOf(step.html).find((candidate) => candidate.fields.response !== undefined);
    const refused = await browser.post(form?.action ?? '', { ...form?.fields, name: 'X', response: '{"id":"x"}' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('The passkey could not be added');
    const back = await browser.submit(refused, 'back');
    expect(actionsOn(back.html)).toEqual(['register-passkey', 'skip']);
  });
});
