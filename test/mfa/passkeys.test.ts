/**
 * Passkeys in security info over real HTTP, with a software authenticator: add one (named),
 * list it with when it was added and last used, rename it, remove it — each only with a fresh
 * proof of identity, each add or remove e-mailed; a user who has one proves it is them with it
 * (the password alone no longer does), a replayed or cloned assertion is refused; `mfa status`
 * lists passkeys and `mfa reset` removes them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../../src/audit/audit-event.ts';
import { MINUTE } from '../../src/clock.ts';
import { Passkey } from '../../src/mfa/passkeys/passkey.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { nextStep, registerMfa, totpNow } from '../support/mfa.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, formWithButton, UserAgent, type Page } from '../support/user-agent.ts';

let vigil: TestApp;
let sink: SmtpSink;
let authenticator: SoftwareAuthenticator;
let tomSecret: string;
let adaKey: SoftwareCredential;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'passkeys', env: { SMTP_URL: sink.url } });
  authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
  for (const username of ['ada', 'eve', 'max']) await createTestUser({ username });
  const tom = await createTestUser({ username: 'tom' });
  tomSecret = (await registerMfa(vigil, tom._id.toString())).secret;
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function signIn(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open('/security-info');
  const page = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(page.html).toContain('Security info');
  return { browser, page };
}

/** Without MFA, the password sign-in is itself the fresh proof. */
async function freshWithPassword(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const signed = await signIn(username);
  expect(signed.page.html).toContain('id="passkey-add"');
  return signed;
}

async function options(browser: UserAgent, page: Page, path: string): Promise<{ status: number; body: Record<string, unknown> & { challenge: string } }> {
  const csrf = formsOf(page.html).find((f) => f.fields.csrf)?.fields.csrf ?? '';
  const response = await browser.agent.post(path).type('form').send({ csrf }).redirects(0);
  return { status: response.status, body: response.body as Record<string, unknown> & { challenge: string } };
}

async function addPasskey(browser: UserAgent, page: Page, name: string): Promise<{ credential: SoftwareCredential; page: Page }> {
  const created = await options(browser, page, '/security-info/passkeys/options');
  expect(created.status).toBe(200);
  const { credential, json } = authenticator.create(created.body as never);
  return { credential, page: await browser.submit(page, 'add-passkey', { name, response: json }) };
}

async function verifyWithPasskey(browser: UserAgent, page: Page, credential: SoftwareCredential, overrides: { counter?: number } = {}): Promise<{ assertion: string; page: Page }> {
  const requested = await options(browser, page, '/security-info/passkeys/verify-options');
  expect(requested.status).toBe(200);
  const assertion = authenticator.get(requested.body, credential, overrides);
  return { assertion, page: await browser.submit(page, 'verify-passkey', { assertion }) };
}

function passkeyRow(html: string, name: string): string {
  return html.split('<tr>').find((row) => row.includes(name)) ?? '';
}

describe('passkeys in security info', () => {
  it('adds a named passkey after a fresh proof, lists it, and e-mails the user', async () => {
    const { browser } = await signIn('ada');
    vigil.clock.advance(6 * MINUTE);
    const page = await browser.open('/security-info');
    expect(page.html).not.toContain('id="passkey-add"');
    expect((await options(browser, page, '/security-info/passkeys/options')).status).toBe(403);
    const fresh = await browser.submit(page, 'verify', { password: DEFAULT_PASSWORD });
    expect(fresh.html).toContain('id="passkey-add"');
    expect(fresh.html).toContain('<script src="/assets/simplewebauthn-browser.js" defer></script>');
    expect((await browser.agent.post('/security-info/passkeys/options').type('form').send({ csrf: 'forged' })).status).toBe(403);
    for (const script of ['/assets/simplewebauthn-browser.js', '/assets/passkeys.js']) {
      const served = await browser.agent.get(script);
      expect([served.status, served.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    }
    const created = await options(browser, fresh, '/security-info/passkeys/options');
    expect(created.body).toMatchObject({ rp: { id: '127.0.0.1' }, attestation: 'none', authenticatorSelection: { userVerification: 'preferred' } });
    const added = await addPasskey(browser, fresh, 'Work laptop');
    adaKey = added.credential;
    expect(added.page.status).toBe(200);
    expect(added.page.html).toContain('Your passkey was added.');
    const row = passkeyRow(added.page.html, 'Work laptop');
    expect(row).toContain('Passkey or security key');
    expect(row).toContain(vigil.clock.now().toISOString().slice(0, 16).replace('T', ' '));
    expect(row).toContain('Never');
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('ada@example.test') && /added/i.test(m.subject));
    expect(mail.text).toContain('Passkey or security key (Work laptop)');
    expect(mail.subject).not.toContain('Work laptop');
  });

  it('refuses an answer to no challenge, a replayed one, one from another origin, and an expired challenge', async () => {
    const { browser, page } = await freshWithPassword('max');
    const created = await options(browser, page, '/security-info/passkeys/options');
    const made = authenticator.create(created.body as never);
    const noChallenge = await browser.submit(page, 'add-passkey', { name: 'X', response: new SoftwareAuthenticator(authenticator.origin).create({ ...created.body, challenge: 'bm90LWlzc3VlZA' } as never).json });
    expect(noChallenge.status).toBe(400);
    expect(noChallenge.html).toContain('The passkey could not be added');
    expect((await browser.submit(page, 'add-passkey', { name: 'X', response: made.json })).status).toBe(200);
    expect((await browser.submit(page, 'add-passkey', { name: 'X', response: made.json })).status).toBe(400);
    const phished = authenticator.create((await options(browser, page, '/security-info/passkeys/options')).body as never, 'http://phish.example.test');
    expect((await browser.submit(page, 'add-passkey', { name: 'X', response: phished.json })).status).toBe(400);
    for (const junk of ['', 'not json', '{"id":1}']) expect((await browser.submit(page, 'add-passkey', { name: 'X', response: junk })).status).toBe(400);
    const late = authenticator.create((await options(browser, page, '/security-info/passkeys/options')).body as never);
    // Past the fresh proof (and the challenge's expiry): nothing is added.
    vigil.clock.advance(6 * MINUTE);
    expect((await browser.submit(page, 'add-passkey', { name: 'X', response: late.json })).status).toBe(403);
    expect(await Passkey.countDocuments({ name: 'X' })).toBe(1);
  });

  it('asks a user with a passkey to use it: the password alone is no longer enough; a replayed or cloned assertion is refused', async () => {
    const first = await freshWithPassword('eve');
    const { credential } = await addPasskey(first.browser, first.page, 'Phone');
    const { browser, page } = await signIn('eve');
    expect(page.html).toContain('id="passkey-verify"');
    expect(page.html).not.toContain('autocomplete="current-password"');
    const password = await browser.post('/security-info/verify', { csrf: formWithButton(page.html, 'verify-passkey').fields.csrf ?? '', password: DEFAULT_PASSWORD });
    expect(password.status).toBe(401);
    expect(password.html).not.toContain('id="passkey-add"');
    const verified = await verifyWithPasskey(browser, page, credential);
    expect(verified.page.html).toContain('id="passkey-add"');
    expect(passkeyRow(verified.page.html, 'Phone')).not.toContain('Never');
    const replay = await signIn('eve');
    expect((await replay.browser.submit(replay.page, 'verify-passkey', { assertion: verified.assertion })).status).toBe(401);
    const clone = await verifyWithPasskey(replay.browser, replay.page, credential, { counter: 1 });
    expect(clone.page.status).toBe(401);
    expect(clone.page.html).toContain('That passkey could not be verified');
    expect(clone.page.html).not.toContain('id="passkey-add"');
  });

  it('renames and removes a passkey, only the user\'s own and only while fresh; removal is confirmed and e-mailed', async () => {
    const { browser, page } = await signIn('ada');
    const fresh = (await verifyWithPasskey(browser, page, adaKey)).page;
    const renameForm = await browser.submit(fresh, 'rename');
    expect(renameForm.html).toContain('Rename Work laptop');
    expect((await browser.submit(renameForm, 'save-name', { name: '   ' })).status).toBe(400);
    const renamed = await browser.submit(renameForm, 'save-name', { name: 'Desk key\u0007' });
    expect(renamed.html).toContain('The passkey was renamed.');
    expect(passkeyRow(renamed.html, 'Desk key')).toContain('Passkey or security key');

    const eve = await Passkey.findOne({ name: 'Phone' }).lean();
    const csrf = formWithButton(renamed.html, 'rename').fields.csrf ?? '';
    expect((await browser.post('/security-info/passkeys/rename', { csrf, passkey: eve?._id ?? '', action: 'save-name', name: 'Mine now' })).status).toBe(404);
    expect((await browser.post('/security-info/passkeys/remove', { csrf, passkey: eve?._id ?? '', confirmed: 'yes' })).status).toBe(404);
    expect(await Passkey.countDocuments({ name: 'Phone' })).toBe(1);
    expect((await browser.post('/security-info/passkeys/remove', { passkey: eve?._id ?? '', confirmed: 'yes' })).status).toBe(403);

    const confirm = await browser.submit(renamed, 'remove-passkey');
    expect(confirm.html).toContain('Remove Passkey or security key (Desk key)?');
    expect(await Passkey.countDocuments({ name: 'Desk key' })).toBe(1);
    vigil.clock.advance(6 * MINUTE);
    const stale = await browser.submit(confirm, 'remove-passkey');
    expect(stale.status).toBe(403);
    expect(await Passkey.countDocuments({ name: 'Desk key' })).toBe(1);
    const again = (await verifyWithPasskey(browser, stale, adaKey)).page;
    const removed = await browser.submit(await browser.submit(again, 'remove-passkey'), 'remove-passkey');
    expect(removed.html).toContain('The method was removed.');
    expect(removed.html).not.toContain('Desk key');
    expect(await Passkey.countDocuments({ name: 'Desk key' })).toBe(0);
    const mail = await sink.waitFor((m) => m.envelopeTo.includes('ada@example.test') && /removed/i.test(m.subject));
    expect(mail.text).toContain('Passkey or security key (Desk key)');
    const audited = await AuditEvent.find({ user: 'ada' }).sort({ at: 1 }).lean();
    expect(audited.map((e) => [e.action, e.after])).toEqual([
      ['security-info.method-added', { method: 'passkey', name: 'Work laptop' }],
      ['security-info.method-renamed', { method: 'passkey', name: 'Desk key' }],
      ['security-info.method-removed', { method: null }],
    ]);
  });

  it('lets a user with an authenticator app use either, and `mfa status` / `mfa reset` include passkeys', async () => {
    const { browser, page } = await signIn('tom');
    nextStep(vigil);
    const fresh = await browser.submit(page, 'verify', { code: totpNow(vigil, tomSecret) });
    const { credential, page: added } = await addPasskey(browser, fresh, 'YubiKey 5');
    expect(added.html).toContain('Your passkey was added.');
    const again = await signIn('tom');
    expect(again.page.html).toContain('id="passkey-verify"');
    expect(again.page.html).toContain('id="code"');
    expect((await verifyWithPasskey(again.browser, again.page, credential)).page.html).toContain('id="passkey-add"');

    const status = await runCli(['mfa', 'status', 'tom', '--json'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ passkeys: [{ name: 'YubiKey 5', lastUsedAt: expect.any(String) }] });
    const reset = await runCli(['mfa', 'reset', 'tom', '--json'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ removed: 3 });
    expect(await Passkey.countDocuments({ name: 'YubiKey 5' })).toBe(0);
  });
});
