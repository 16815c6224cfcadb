/**
 * Database round trips of a password sign-in, per request. On FerretDB each command costs about
 * a millisecond of database CPU, so reading the same document twice in one request is a cost
 * every sign-in pays (bench/README.md): the user, the risk profile and the interaction are read
 * once per request, and what only a policy needs is read only for users the policy covers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { startTestApp, TEST_REDIRECT_URI, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { recordDatabaseCommands, type CommandLog } from '../support/database-commands.ts';
import { formWithButton, relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';

const POLICIES = `
mfaRegistration: { state: enabled, include: { users: all }, exclude: { groups: [exempt] }, gracePeriodDays: 14 }
signInRisk: { state: enabled, include: { users: all }, exclude: { groups: [exempt] }, level: medium }
userRisk: { state: enabled, include: { users: all }, exclude: { groups: [exempt] }, level: high }
sspr: { enabledFor: none }
`;

/**
 * Every command of a complete sign-in, as of this test; a new one should be a decision. (Two of
 * them keep the session's uid pointer, so that finding the session at the code exchange is an
 * `_id` read rather than a scan on FerretDB: src/oidc/adapter.ts. One reads the login index, for
 * the same reason: src/users/login-index.ts. Two more file the event in the admin console's
 * streams, one insert of every entry and one raise of the heads, sent together with the event's
 * other writes: src/db/streams/append.ts.)
 */
const SIGN_IN_COMMAND_BUDGET = 33;

let vigil: TestApp;
let rp: RelyingParty;
let commands: CommandLog;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'round-trips', policiesYaml: POLICIES, monitorCommands: true });
  await createTestUser({ username: 'exempt', groups: ['exempt'] });
  await createTestUser({ username: 'covered' });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  commands = recordDatabaseCommands();
});
afterAll(async () => {
  commands.stop();
  await vigil.close();
});

function count(log: string[], command: string): number {
  return log.filter((entry) => entry === command).length;
}

/** The policy poller's reads are not the request's. */
function ofRequest(log: string[]): string[] {
  return log.filter((entry) => !entry.endsWith(' policy_versions'));
}

async function signInPhases(username: string) {
  const started = await rp.start();
  const browser = new UserAgent(vigil.issuer);
  commands.take();
  const loginPage = await browser.open(started.url.toString());
  const authorize = ofRequest(commands.take());
  const form = formWithButton(loginPage.html, 'login');
  const posted = await browser.agent.post(new URL(form.action, vigil.issuer).pathname).type('form')
    .send({ ...form.fields, username, password: DEFAULT_PASSWORD, action: 'login' }).redirects(0);
  expect(posted.status).toBe(303);
  const login = ofRequest(commands.take());
  const resumed = await browser.agent.get(new URL(posted.headers.location ?? '', vigil.issuer).pathname).redirects(0);
  expect(resumed.status).toBe(303);
  const resume = ofRequest(commands.take());
  return { browser, started, authorize, login, resume, location: resumed.headers.location ?? '' };
}

describe('a password sign-in', () => {
  it('reads the user, the risk profile and the interaction once per request', async () => {
    const phases = await signInPhases('exempt');
    expect(phases.location.startsWith(TEST_REDIRECT_URI)).toBe(true);
    const tokens = await rp.finish(phases.location, phases.started);
    expect(tokens.access_token).toBeTruthy();
    const token = ofRequest(commands.take());

    expect(count(phases.login, 'find oidc_interaction')).toBe(1);
    expect(count(phases.login, 'find user_logins')).toBe(1);
    expect(count(phases.login, 'find users')).toBe(1);
    expect(count(phases.login, 'find risk_profiles')).toBe(1);
    expect(count(phases.login, 'find risk_counters')).toBe(2);
    expect(count(phases.resume, 'find users')).toBe(1);
    expect(count(token, 'find users')).toBe(1);
    expect(count(token, 'find oidc_session_uid')).toBe(1);

    const all = [...phases.authorize, ...phases.login, ...phases.resume, ...token];
    expect(all.length).toBeGreaterThan(10);
    expect(all.length).toBeLessThanOrEqual(SIGN_IN_COMMAND_BUDGET);
  });

  it('sends the same commands for a name nobody has as for a user with a wrong password', async () => {
    const attempt = async (username: string): Promise<string[]> => {
      const started = await rp.start();
      const browser = new UserAgent(vigil.issuer);
      const form = formWithButton((await browser.open(started.url.toString())).html, 'login');
      commands.take();
      const posted = await browser.agent.post(new URL(form.action, vigil.issuer).pathname).type('form')
        .send({ ...form.fields, username, password: 'not-the-password-at-all', action: 'login' }).redirects(0);
      expect(posted.status).toBe(401);
      return ofRequest(commands.take());
    };
    const known = await attempt('covered');
    const unknown = await attempt('nobody-by-this-name');
    expect(unknown).toEqual(known);
    expect(count(unknown, 'find users')).toBe(1);
  });

  it('does not read MFA methods or user risk for a user no policy covers', async () => {
    const { resume } = await signInPhases('exempt');
    expect(count(resume, 'find authenticators')).toBe(0);
    expect(count(resume, 'find risk_profiles')).toBe(0);
  });

  it('reads them once for a user the policies cover', async () => {
    const { resume, location } = await signInPhases('covered');
    expect(location).toMatch(/\/interaction\//);
    expect(count(resume, 'find users')).toBe(1);
    expect(count(resume, 'find authenticators')).toBe(1);
    expect(count(resume, 'find risk_profiles')).toBe(1);
  });

  it('a refresh grant reads the user risk only for a user the user-risk policy covers', async () => {
    const exempt = await signInPhases('exempt');
    const exemptTokens = await rp.finish(exempt.location, exempt.started);
    const covered = await signInPhases('covered');
    const interrupt = await covered.browser.open(new URL(covered.location, vigil.issuer).toString());
    const skipped = await covered.browser.submit(interrupt, 'skip');
    const coveredTokens = await rp.finish(skipped.url, covered.started);

    commands.take();
    await oidc.refreshTokenGrant(rp.config, exemptTokens.refresh_token ?? '');
    const exemptRefresh = ofRequest(commands.take());
    await oidc.refreshTokenGrant(rp.config, coveredTokens.refresh_token ?? '');
    const coveredRefresh = ofRequest(commands.take());

    expect(count(exemptRefresh, 'find users')).toBe(1);
    expect(count(exemptRefresh, 'find risk_profiles')).toBe(0);
    expect(count(coveredRefresh, 'find risk_profiles')).toBe(1);
  });
});
