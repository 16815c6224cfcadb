/**
 * A passkey as the MFA proof of a self-service password reset, over real HTTP with a software
 * authenticator: offered to every name alike (the options list no credentials, so they never tell
 * who has an account or a passkey); a user whose only MFA is a passkey must use it (an e-mailed
 * code no longer suffices); the challenge is bound to the reset and works once; another account's
 * passkey or a replayed answer is refused, and each try counts against the reset's limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResetFlow } from '../../src/password/reset/reset-flow-record.ts';
import { User } from '../../src/users/user.ts';
import { RESET_MAX_FAILURES } from '../../src/password/reset/reset-flow.ts';
import { PASSKEY_OPTIONS_PER_FLOW } from '../../src/password/reset/reset-passkey-options.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { registerPasskey } from '../support/passkeys.ts';
import { registerResetEmail, resetCodePage, SSPR_POLICIES } from '../support/reset.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { SoftwareAuthenticator, type SoftwareCredential } from '../support/software-authenticator.ts';
import { createTestUser } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const NEW_PASSWORD = 'saffron-harbour-quill-88';

let vigil: TestApp;
let rp: RelyingParty;
let sink: SmtpSink;
let authenticator: SoftwareAuthenticator;
const keys = new Map<string, SoftwareCredential>();

beforeAll(async () => {
  sink = await startSmtpSink();
  vigil = await startTestApp({ label: 'ssprpk', policiesYaml: SSPR_POLICIES, env: { SMTP_URL: sink.url } });
  authenticator = new SoftwareAuthenticator(new URL(vigil.issuer).origin);
  for (const username of ['pat', 'pam', 'pia', 'mallory']) {
    const user = await createTestUser({ username });
    await registerResetEmail(vigil, user._id.toString(), `${username}.reset@example.test`);
    keys.set(username, await registerPasskey(vigil, authenticator, user));
  }
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
  await sink.stop();
});

/** What views/assets/passkeys.js does: the options (JSON), then the authenticator's answer, posted. */
async function options(browser: UserAgent, page: Page): Promise<{ status: number; body: { challenge: string; allowCredentials?: unknown[] } }> {
  const path = /data-options="([^"]+)"/.exec(page.html)?.[1];
  const csrf = formsOf(page.html).find((form) => form.fields.assertion !== undefined)?.fields.csrf;
  if (!path || !csrf) throw new Error(`no passkey form on the page:\n${page.html.slice(0, 1500)}`);
  const response = await browser.agent.post(path).type('form').send({ csrf }).redirects(0);
  return { status: response.status, body: response.body as { challenge: string } };
}

async function answer(browser: UserAgent, page: Page, assertion: string): Promise<Page> {
  const form = formsOf(page.html).find((candidate) => candidate.fields.assertion !== undefined);
  return browser.post(form?.action ?? '', { csrf: form?.fields.csrf ?? '', assertion });
}

async function passkeyStep(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  return { browser, page: await resetCodePage(rp, browser, username, 'passkey') };
}

describe('a passkey in the self-service password reset', () => {
  it('is offered to every name, with the same options for a known and an unknown account', async () => {
    const known = await passkeyStep('pat');
    const unknown = await passkeyStep('nobody-at-all');
    expect(known.page.html).toContain('Use your passkey or security key');
    const strip = (html: string) => html.replace(/\/interaction\/[^/"]+/g, '').replace(/value="[^"]*"/g, '');
    expect(strip(known.page.html)).toBe(strip(unknown.page.html));
    const [a, b] = [await options(known.browser, known.page), await options(unknown.browser, unknown.page)];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect({ ...a.body, challenge: '' }).toEqual({ ...b.body, challenge: '' });
    expect(a.body.allowCredentials ?? []).toEqual([]);
  });

  it('resets the password of a user whose only MFA is a passkey, with the passkey; the answer works once', async () => {
    const { browser, page } = await passkeyStep('pat');
    const assertion = authenticator.get((await options(browser, page)).body, keys.get('pat') as SoftwareCredential);
    const newPassword = await answer(browser, page, assertion);
    expect(newPassword.html).toContain('autocomplete="new-password"');
    const again = await passkeyStep('pat');
    expect((await answer(again.browser, again.page, assertion)).status).toBe(401);
    const back = await browser.submit(newPassword, 'reset', { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(back.html).toContain('Your password was changed. Sign in with your new password.');
  });

  it('no longer lets an e-mailed code alone reset a passkey user\'s password: the passkey is their MFA', async () => {
    sink.clear();
    const browser = new UserAgent(vigil.issuer);
    const email = await resetCodePage(rp, browser, 'pam', 'email');
    expect(email.status).toBe(200);
    await new Promise((done) => setTimeout(done, 200));
    expect(sink.messages.find((m) => m.envelopeTo.includes('pam.reset@example.test'))).toBeUndefined();
    const pam = await User.findOne({ username: 'pam' }).lean();
    expect((await ResetFlow.findOne({ userId: pam?._id.toString() }).lean())?.required).toEqual(['totp']);
    expect((await browser.submit(email, 'verify', { code: '123456' })).status).toBe(401);
  });

  it('refuses another account\'s passkey and counts every try against the reset\'s limits', async () => {
    const { browser, page } = await passkeyStep('pia');
    let current = page;
    for (let attempt = 1; attempt < RESET_MAX_FAILURES; attempt += 1) {
      const refused = await answer(browser, current, authenticator.get((await options(browser, current)).body, keys.get('mallory') as SoftwareCredential));
      expect(refused.status).toBe(401);
      expect(refused.html).toContain('could not be verified for this account');
      current = refused;
    }
    const flow = await ResetFlow.findOne({ accountKey: { $exists: true }, userId: { $exists: true }, failedAttempts: RESET_MAX_FAILURES - 1 }).lean();
    expect(flow?.chosen).toBe('passkey');
    const last = await answer(browser, current, authenticator.get((await options(browser, current)).body, keys.get('mallory') as SoftwareCredential));
    expect(last.status).toBe(400);
    expect(last.html).not.toContain('autocomplete="new-password"');
    // The flow is over: no more options for it, even with the right key.
    expect((await options(browser, current)).status).toBe(409);
  });

  it('issues a bounded number of challenges to one reset', async () => {
    const { browser, page } = await passkeyStep('pam');
    for (let issued = 0; issued < PASSKEY_OPTIONS_PER_FLOW; issued += 1) expect((await options(browser, page)).status).toBe(200);
    const spent = await options(browser, page);
    expect(spent.status).toBe(429);
    expect(spent.body).toEqual({ error: 'This reset asked for its passkey too many times. Start again.' });
  });

  it('gives options only to a reset that chose a passkey, and a forged answer a clear 4xx', async () => {
    const browser = new UserAgent(vigil.issuer);
    const email = await resetCodePage(rp, browser, 'mallory', 'email');
    const csrf = formsOf(email.html)[0]?.fields.csrf ?? '';
    const path = new URL(formsOf(email.html)[0]?.action ?? '', vigil.issuer).pathname.replace(/verify$/, 'passkey-options');
    expect((await browser.agent.post(path).type('form').send({ csrf }).redirects(0)).status).toBe(409);
    const { browser: other, page } = await passkeyStep('mallory');
    for (const junk of ['', 'not json', '{"id":1}']) expect((await answer(other, page, junk)).status).toBeLessThan(500);
  });
});
