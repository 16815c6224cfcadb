/**
 * Starting a password reset sends the database the same commands whether or not the account
 * exists (the mail goes out in the background), so neither the page nor its timing tells an
 * attacker which names are real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { recordDatabaseCommands, type CommandLog } from '../support/database-commands.ts';
import { forgotPage, registerResetEmail, SSPR_POLICIES } from '../support/reset.ts';
import { relyingParty, UserAgent, type RelyingParty } from '../support/user-agent.ts';
import { createTestUser } from '../support/users.ts';

let vigil: TestApp;
let rp: RelyingParty;
let commands: CommandLog;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'sspr-trips', policiesYaml: SSPR_POLICIES, monitorCommands: true });
  const user = await createTestUser({ username: 'rhea' });
  await registerResetEmail(vigil, user._id.toString(), 'rhea.reset@example.test');
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
  commands = recordDatabaseCommands();
});
afterAll(async () => {
  commands.stop();
  await vigil.close();
});

async function identify(username: string): Promise<{ start: string[]; email: string[]; wrongCode: string[] }> {
  const browser = new UserAgent(vigil.issuer);
  const { forgot } = await forgotPage(rp, browser);
  commands.take();
  const choose = await browser.submit(forgot, 'send', { username });
  expect(choose.html).toContain('name="method"');
  const start = commands.take().filter((entry) => !entry.endsWith(' policy_versions'));
  const verify = await browser.submit(choose, 'choose', { method: 'email' });
  expect(verify.html).toContain('autocomplete="one-time-code"');
  const email = commands.take().filter((entry) => !entry.endsWith(' policy_versions'));
  // A wrong code: the daily bucket is chosen by the same profile read for every name.
  const wrong = await browser.submit(verify, 'verify', { code: 'x00000' });
  expect(wrong.status).toBe(401);
  return { start, email, wrongCode: commands.take().filter((entry) => !entry.endsWith(' policy_versions')) };
}

const writesOf = (commands: string[]) => commands.filter((entry) => entry.startsWith('insert ') || entry.startsWith('update '));
// Throttle slots (claims) and hints (throttles) are written alike for every name.
const apartFromThrottles = (commands: string[]) => commands.filter((entry) => !/ (claims|throttles)$/.test(entry));

describe('starting a password reset', () => {
  it('sends the same commands for a name nobody has as for a real account, at the start, for the e-mail choice and for a wrong code', async () => {
    const known = await identify('rhea');
    const unknown = await identify('nobody-by-this-name');
    expect(unknown).toEqual(known);
    expect(apartFromThrottles(writesOf(known.start))).toEqual(['insert reset_flows']);
    expect(apartFromThrottles(writesOf(known.email))).toEqual(['update reset_flows', 'update reset_codes']);
    expect(known.wrongCode).toContain('find risk_profiles');
    expect(apartFromThrottles(writesOf(known.wrongCode))).toEqual(['update reset_flows']);
  });
});
