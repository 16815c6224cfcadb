import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInEvent } from '../../src/risk/models/sign-in-event.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { registerMfa } from '../support/mfa.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent } from '../support/user-agent.ts';

const TOR_EXIT = '185.220.101.4';
let vigil: TestApp;

beforeAll(async () => {
  vigil = await startTestApp({
    label: 'noproxy',
    policiesYaml: 'mfaRegistration: { state: disabled }\nsignInRisk: { state: enabled, level: medium }\nuserRisk: { state: disabled }\nsspr: { enabledFor: none }\n',
    files: { 'risk/anonymous-ips/tor.txt': `${TOR_EXIT}\n` },
  });
  const user = await createTestUser({ username: 'spoofer' });
  await registerMfa(vigil, user._id.toString());
});
afterAll(async () => vigil.close());

describe('without TRUST_PROXY', () => {
  it('ignores X-Forwarded-For: the sign-in is recorded from the real peer address', async () => {
    const rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
    const browser = new UserAgent(vigil.issuer);
    browser.headers = { 'X-Forwarded-For': TOR_EXIT };
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const next = await browser.submit(login, 'login', { username: 'spoofer', password: DEFAULT_PASSWORD });
    expect(next.url).toMatch(/^http:\/\/rp\.test\/callback/);
    const event = await SignInEvent.findOne({ username: 'spoofer' }).lean();
    expect(event?.ip).toBe('127.0.0.1');
  });
});
