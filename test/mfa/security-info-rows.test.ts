/**
 * Security info lists what each registry method says of itself (src/mfa/security-info-row.ts):
 * its rows, oldest first across methods, each with the actions the method offers, and the
 * warnings a row raises — over real HTTP, for a user with every kind of method.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { Authenticator } from '../../src/mfa/authenticator.ts';
import { putMethod } from '../../src/mfa/authenticator-store.ts';
import { Passkey } from '../../src/mfa/passkeys/passkey.ts';
import { passkeyId } from '../../src/mfa/passkeys/store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { nextStep, registerMfa, totpNow } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, UserAgent } from '../support/user-agent.ts';

let vigil: TestApp;
let secret: string;
let userId: string;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'secinforows' });
  userId = (await createTestUser({ username: 'pia' }))._id.toString();
  // A passkey first, then the app and its codes, then the reset e-mail: the list keeps that order.
  await Passkey.create({ _id: passkeyId('cred-1'), userId, name: 'Desk key', credentialId: 'cred-1', publicKey: 'AA', counter: 0, transports: [], deviceType: 'singleDevice', backedUp: false, createdAt: vigil.clock.now() });
  vigil.clock.advance(MINUTE);
  secret = (await registerMfa(vigil, userId)).secret;
  vigil.clock.advance(MINUTE);
  await putMethod({ userId, type: 'email', createdAt: vigil.clock.now(), address: 'pia@example.test' });
  const recovery = await Authenticator.findById(`${userId}:recovery`).lean();
  const codes = (recovery?.codes ?? []).map((code, i) => (i < 8 ? { ...code, usedAt: vigil.clock.now() } : code));
  await Authenticator.updateOne({ _id: `${userId}:recovery` }, { $set: { codes } });
});
afterAll(async () => {
  await vigil.close();
});

describe('security info rows', () => {
  it('lists every method the user has, oldest first, with the actions each method offers and its warnings', async () => {
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.open('/security-info');
    const page = await browser.submit(login, 'login', { username: 'pia', password: DEFAULT_PASSWORD });
    nextStep(vigil);
    const fresh = await browser.submit(page, 'verify', { code: totpNow(vigil, secret) });
    expect(fresh.status).toBe(200);

    const table = /<tbody>([\s\S]*?)<\/tbody>/.exec(fresh.html)?.[1] ?? '';
    const labels = [...table.matchAll(/<tr>\s*<td>([^<]+)/g)].map((match) => match[1]);
    expect(labels).toEqual(['Passkey or security key', 'Authenticator app', 'Recovery codes', 'E-mail for password reset']);
    expect(table).toContain('Desk key');
    expect(table).toContain('2 of 10 left');
    expect(table).toContain('pia@example.test');
    expect(fresh.html).toContain('You are running low on recovery codes. Create new ones.');

    const rowForms = formsOf(table).map((form) => ({ action: form.action, buttons: form.buttons, target: form.fields.passkey ?? form.fields.method }));
    expect(rowForms).toEqual([
      { action: '/security-info/passkeys/rename', buttons: ['rename'], target: passkeyId('cred-1') },
      { action: '/security-info/passkeys/remove', buttons: ['remove-passkey'], target: passkeyId('cred-1') },
      { action: '/security-info/methods', buttons: ['remove'], target: `${userId}:totp` },
      { action: '/security-info/methods', buttons: ['remove'], target: `${userId}:recovery` },
      { action: '/security-info/methods', buttons: ['remove'], target: `${userId}:email` },
    ]);
    expect(table).toContain('aria-label="Remove Desk key"');
    expect(table).toContain('aria-label="Remove E-mail for password reset"');

    // Under the list, each method's own way to add (or replace) it, in registry order.
    const below = fresh.html.slice(fresh.html.indexOf('</table>'));
    expect(formsOf(below).filter((form) => form.action !== '/security-info/sign-out').map((form) => [form.action, ...form.buttons])).toEqual([
      ['/security-info/methods', 'register', 'regenerate'],
      ['/security-info/passkeys/add', 'add-passkey'],
    ]);
    expect(below).toContain('Replace authenticator app');
  });

  it('`mfa status` lists the same rows, one line each, as each method shows itself', async () => {
    const status = await runCli(['mfa', 'status', 'pia'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(status.code).toBe(0);
    const methods = status.stdout.split('\n').filter((line) => line.startsWith('method: ')).map((line) => line.replace(/: added .*/, ''));
    expect(methods).toEqual([
      'method: Passkey or security key (Desk key)',
      'method: Authenticator app',
      'method: Recovery codes (2 of 10 left)',
      'method: E-mail for password reset (pia@example.test)',
    ]);
    // The app proved the first test's fresh proof; the e-mail was never used.
    expect(status.stdout).toMatch(/method: Authenticator app: added \S+Z, last used \S+Z/);
    expect(status.stdout).toMatch(/method: E-mail for password reset \(pia@example.test\): added \S+Z, last used never/);
  });
});
