/** The pages a person reviews on a screenshot (conformance REVIEW modules) say plainly what happened. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

const REAUTH = 'Sign in again: the app asked you to confirm it is you.';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'review-pages' });
  await createTestUser({ username: 'rey' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => vigil.close());

async function signedIn(): Promise<UserAgent> {
  const browser = new UserAgent(vigil.issuer);
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  expect(login.html).not.toContain(REAUTH);
  await browser.submit(login, 'login', { username: 'rey', password: DEFAULT_PASSWORD });
  return browser;
}

describe('pages reviewed on a screenshot', () => {
  it.each<Record<string, string>>([{ prompt: 'login' }, { max_age: '0' }])('the login page forced by %o says why', async (params) => {
    const browser = await signedIn();
    const again = await rp.start(params);
    const page = await browser.open(again.url.toString());
    expect(page.html).toContain('autocomplete="current-password"');
    expect(page.html).toContain(REAUTH);
  });

  it('an unregistered redirect_uri gets a page naming the problem, the error code and its description', async () => {
    const started = await rp.start({ redirect_uri: 'https://attacker.test/callback' });
    const page = await new UserAgent(vigil.issuer).open(started.url.toString());
    expect(page.status).toBe(400);
    expect(page.html).toContain('This app&#39;s sign-in link is not valid: redirect_uri is not registered for this client.');
    expect(page.html).toContain('Error code: invalid_redirect_uri.');
    expect(page.html).toMatch(/redirect_uri did not match any of the client(&#39;|')s registered redirect_uris/);
  });

  it('the generic error page names the error code and description, escaped', async () => {
    const url = new URL('/auth', vigil.issuer);
    url.search = new URLSearchParams({ client_id: '<script>alert(1)</script>', response_type: 'code', scope: 'openid' }).toString();
    const page = await new UserAgent(vigil.issuer).open(url.toString());
    expect(page.status).toBe(400);
    expect(page.html).toContain('Error code: invalid_client.');
    expect(page.html).not.toContain('<script>alert(1)</script>');
  });
});

describe('logout pages reviewed on a screenshot', () => {
  it('an unregistered post_logout_redirect_uri gets a page saying the sign-out request is invalid, and why', async () => {
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start();
    const login = await browser.open(started.url.toString());
    const done = await browser.submit(login, 'login', { username: 'rey', password: DEFAULT_PASSWORD });
    const tokens = await rp.finish(done.url, started);
    const url = new URL('/session/end', vigil.issuer);
    url.search = new URLSearchParams({ id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: 'https://attacker.test/bye' }).toString();
    browser.headers = { accept: 'text/html' };
    const page = await browser.open(url.toString());
    expect(page.status).toBe(400);
    expect(page.html).toContain('The application sent an invalid sign-out request (invalid_request).');
    expect(page.html).toContain('post_logout_redirect_uri not registered');
  });
});
