/**
 * "Has this user a passkey?" is asked at every sign-in that reaches an MFA or registration
 * decision: a read of `passkeys` by `userId` (src/mfa/passkeys/store.ts), which must use the
 * `userId` index — on FerretDB through our build's pushdown of top-level equalities
 * (bench/README.md, "FerretDB 1.24 and collection sizes"), on MongoDB its planner — and is sent
 * three times per TOTP sign-in with its MFA step under the registration policy, no more.
 */
import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedDb } from '../../src/db/collection.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { recordDatabaseCommands, type CommandLog } from '../support/database-commands.ts';
import { nextStep, registerMfa, totpNow } from '../support/mfa.ts';
import { policiesYaml } from '../support/policies.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';

let vigil: TestApp;
let rp: RelyingParty;
let commands: CommandLog;

beforeAll(async () => {
  const registration = '{ state: enabled, include: { users: all }, gracePeriodDays: 14 }';
  vigil = await startTestApp({ label: 'pkbyuser', policiesYaml: policiesYaml({ mfaRegistration: registration }), monitorCommands: true });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  commands = recordDatabaseCommands();
});
afterAll(async () => {
  commands.stop();
  await vigil.close();
});

function usesUserIdIndex(explained: Document): boolean {
  if (explained.serverInfo?.ferretdbVersion) {
    const plan = (explained.queryPlanner as { Plan?: string[] } | undefined)?.Plan ?? [];
    return plan.some((step) => /SEARCH .* USING INDEX \S*_userId_1/.test(step));
  }
  const text = JSON.stringify(explained.queryPlanner?.winningPlan ?? {});
  return /IXSCAN/.test(text) && /userId/.test(text) && !/COLLSCAN/.test(text);
}

describe("a user's passkeys", () => {
  it('are read through the userId index', async () => {
    const explained = await connectedDb().command({ explain: { find: 'passkeys', filter: { userId: 'someone' }, sort: { createdAt: 1 } } });
    expect(usesUserIdIndex(explained)).toBe(true);
  });

  it('are asked for three times by a TOTP sign-in with its MFA step under the registration policy', async () => {
    const user = await createTestUser({ username: 'tom' });
    const { secret } = await registerMfa(vigil, user._id.toString());
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ acr_values: MFA_ACR });
    const login = await browser.open(started.url.toString());
    commands.take();
    const mfa = await browser.submit(login, 'login', { username: 'tom', password: DEFAULT_PASSWORD });
    nextStep(vigil);
    const done = await browser.submit(mfa, 'verify', { code: totpNow(vigil, secret) });
    expect((await rp.finish(done.url, started)).claims()?.amr).toEqual(['pwd', 'otp', 'mfa']);
    // The decision at the password, the MFA page's methods, the decision after the code.
    expect(commands.take().filter((command) => command === 'find passkeys')).toHaveLength(3);
  });
});
