import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'concurrent', env: { TRUST_PROXY: 'true' } });
  for (let i = 0; i < 4; i += 1) await createTestUser({ username: `busy${i}` });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function signIn(username: string) {
  const browser = new UserAgent(vigil.issuer);
  browser.headers = { 'X-Forwarded-For': '203.0.113.77' };
  const login = await browser.open((await rp.start()).url.toString());
  return browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
}

describe('concurrent sign-ins', () => {
  it('several sign-ins of the same users from one address at once all succeed (no lost upsert races)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const pages = await Promise.all([0, 1, 2, 3, 0, 1, 2, 3].map((i) => signIn(`busy${i}`)));
      for (const page of pages) expect(page.url, page.html.slice(0, 300)).toMatch(/^http:\/\/rp\.test\/callback/);
    }
  });
});
