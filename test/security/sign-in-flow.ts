/** A complete RP sign-in through Vigil's forms (openid-client + scripted browser), for the adversarial tests. */
import { expect } from 'vitest';
import { DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent, type RelyingParty } from '../support/user-agent.ts';

export async function signInThrough(rp: RelyingParty, issuer: string, username: string, params: Record<string, string> = {}) {
  const browser = new UserAgent(issuer);
  const started = await rp.start(params);
  const login = await browser.open(started.url.toString());
  const done = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(done.url).toMatch(/^http:\/\/rp\.test\/callback\?/);
  return { browser, started, tokens: await rp.finish(done.url, started) };
}
