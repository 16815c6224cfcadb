import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { User } from '../../src/users/user.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'pwchange', env: { SMTP_URL: sink.url } });
  await createTestUser({ username: 'harriet' });
  await createTestUser({ username: 'ivan' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

async function signIn(username: string, password: string, browser = new UserAgent(vigil.issuer)) {
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  const next = await browser.submit(login, 'login', { username, password });
  return { browser, started, next };
}

function errorOn(html: string): string | undefined {
  return /<p class="error[^"]*"[^>]*>(?:<span class="visually-hidden">[^<]*<\/span>)?([^<]*)<\/p>/.exec(html)?.[1];
}

describe('password change required by an admin', () => {
  it('asks for a new password at the next sign-in, applies every rule, ends other sessions and tokens, and goes on to the app', async () => {
    const elsewhere = await signIn('harriet', DEFAULT_PASSWORD);
    const oldTokens = await rp.finish(elsewhere.next.url, elsewhere.started);

    const flagged = await runCli(['user', 'require-password-change', 'harriet'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    expect(flagged.code).toBe(0);

    const { browser, started, next } = await signIn('harriet', DEFAULT_PASSWORD);
    expect(next.html).toContain('Your administrator requires you to choose a new password.');
    expect(next.html).toContain('autocomplete="new-password"');
    expect(next.html).toMatch(/<button type="submit" name="action" value="change"/);

    const cases: Array<[string, string, RegExp]> = [
      ['short-one', 'short-one', /at least 15 characters/],
      ['password1234567890', 'password1234567890', /common|easy to guess/],
      ['harriet-harriet-2024', 'harriet-harriet-2024', /username/],
      ['vigil-vigil-vigil-vigil', 'vigil-vigil-vigil-vigil', /service name|common|easy to guess/],
      [DEFAULT_PASSWORD, DEFAULT_PASSWORD, /different from your current/],
      ['amber-kestrel-violin-31', 'amber-kestrel-violin-32', /do not match/],
    ];
    let page = next;
    for (const [password, confirm, reason] of cases) {
      page = await browser.submit(page, 'change', { password, confirm });
      expect(page.status, password).toBe(400);
      expect(errorOn(page.html), password).toMatch(reason);
    }
    const done = await browser.submit(page, 'change', { password: 'amber-kestrel-violin-31', confirm: 'amber-kestrel-violin-31' });
    expect(done.url).toMatch(/^http:\/\/rp\.test\/callback/);
    await rp.finish(done.url, started);

    await expect(oidc.refreshTokenGrant(rp.config, oldTokens.refresh_token ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
    const silent = await rp.start({ prompt: 'none' });
    const oldSession = await elsewhere.browser.open(silent.url.toString());
    expect(new URL(oldSession.url).searchParams.get('error')).toBe('login_required');

    const user = await User.findOne({ username: 'harriet' }).lean();
    expect(user?.mustChangePassword).toBe(false);
    await sink.waitFor((m) => m.envelopeTo.includes('harriet@example.test') && /password/i.test(m.subject));
    const again = await signIn('harriet', 'amber-kestrel-violin-31');
    expect(again.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });

  it('accepts a long Unicode passphrase (NFC, never truncated) and refuses its truncation', async () => {
    await runCli(['user', 'require-password-change', 'ivan'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    const { browser, next } = await signIn('ivan', DEFAULT_PASSWORD);
    const passphrase = `Cafe\u0301 crème brûlée sous la pluie d'été ${'ü'.repeat(40)}`;
    const done = await browser.submit(next, 'change', { password: passphrase, confirm: passphrase.normalize('NFC') });
    expect(done.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const composed = await signIn('ivan', passphrase.normalize('NFC'));
    expect(composed.next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const truncated = await signIn('ivan', passphrase.normalize('NFC').slice(0, 72));
    expect(truncated.next.status).toBe(401);
  });
});

describe('password strength meter', () => {
  it('the page loads the meter script, and the endpoint scores candidates with the user\'s identifiers as guessable', async () => {
    await runCli(['user', 'require-password-change', 'ivan'], { databaseUri: vigil.databaseUri, configDir: vigil.configDir });
    const { next } = await signIn('ivan', `Cafe\u0301 crème brûlée sous la pluie d'été ${'ü'.repeat(40)}`.normalize('NFC'));
    expect(next.html).toContain('<script src="/assets/password-meter.js" defer></script>');
    expect(next.html).toMatch(/<meter id="password-strength"[^>]*aria-labelledby="password-strength-label"/);
    const agent = new UserAgent(vigil.issuer).agent;
    const weak = await agent.post('/password-strength').send({ password: 'ivan2024', username: 'ivan' });
    const strong = await agent.post('/password-strength').send({ password: 'velvet-orchard-comet-kettle-12', username: 'ivan' });
    expect(weak.status).toBe(200);
    expect((weak.body as { score: number }).score).toBeLessThanOrEqual(1);
    expect((strong.body as { score: number; label: string })).toMatchObject({ score: 4, label: 'Strong' });
    const script = await agent.get('/assets/password-meter.js');
    expect(script.headers['content-type']).toContain('text/javascript');
  });
});
