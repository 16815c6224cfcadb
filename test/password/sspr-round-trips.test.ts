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

async function identify(username: string): Promise<string[]> {
  const browser = new UserAgent(vigil.issuer);
  const { forgot } = await forgotPage(rp, browser);
  commands.take();
  const verify = await browser.submit(forgot, 'send', { username });
  expect(verify.html).toContain('autocomplete="one-time-code"');
  return commands.take().filter((entry) => !entry.endsWith(' policy_versions'));
}

describe('starting a password reset', () => {
  it('sends the same commands for a name nobody has as for a real account', async () => {
    const known = await identify('rhea');
    const unknown = await identify('nobody-by-this-name');
    expect(unknown).toEqual(known);
    // The flow, and the throttles' slots (claims) and hints (throttles): nothing else is written.
    const writes = known.filter((entry) => entry.startsWith('insert ') || entry.startsWith('update '));
    expect(writes.filter((entry) => !/ (claims|throttles)$/.test(entry))).toEqual(['insert reset_flows']);
  });
});
