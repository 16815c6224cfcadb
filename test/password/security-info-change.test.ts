import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'selfchange' });
  await createTestUser({ username: 'mona' });
});
afterAll(async () => vigil.close());

describe('password change from the security info page', () => {
  it('requires the current password, applies the rules, and the new password works', async () => {
    const browser = new UserAgent(vigil.issuer);
    const login = await browser.open('/security-info');
    await browser.submit(login, 'login', { username: 'mona', password: DEFAULT_PASSWORD });
    const page = await browser.open('/security-info/password');
    expect(page.html).toContain('autocomplete="current-password"');
    expect(page.html).toContain('autocomplete="new-password"');
    const wrongCurrent = await browser.submit(page, 'change', { current: 'not-my-password', password: 'velvet-orchard-comet-12', confirm: 'velvet-orchard-comet-12' });
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.html).toContain('current password is not correct');
    const weak = await browser.submit(wrongCurrent, 'change', { current: DEFAULT_PASSWORD, password: 'monamonamona', confirm: 'monamonamona' });
    expect(weak.status).toBe(400);
    const changed = await browser.submit(weak, 'change', { current: DEFAULT_PASSWORD, password: 'velvet-orchard-comet-12', confirm: 'velvet-orchard-comet-12' });
    expect(changed.html).toContain('Your password was changed.');

    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const started = await rp.start();
    const other = new UserAgent(vigil.issuer);
    const fresh = await other.open(started.url.toString());
    const old = await other.submit(fresh, 'login', { username: 'mona', password: DEFAULT_PASSWORD });
    expect(old.status).toBe(401);
    const ok = await other.submit(old, 'login', { username: 'mona', password: 'velvet-orchard-comet-12' });
    expect(ok.url).toMatch(/^http:\/\/rp\.test\/callback/);
  });
});
