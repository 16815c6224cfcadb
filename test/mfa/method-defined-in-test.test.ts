/**
 * Adding an MFA method is its folder and one line in the registry (README.md, "Multi-factor
 * authentication"; docs/ARCHITECTURE.md, "An MFA method"): a PIN method defined only in the tests
 * (test/support/fake-mfa-method/), added with one line at the app's start, is listed, added and
 * removed in security info, accepted at the MFA step (its `amr` in the ID token), and shown and
 * removed by `mfa status` and `mfa reset`, with no line of src/ naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfaCommands } from '../../src/admin/commands/mfa.ts';
import { BUILT_IN_METHODS } from '../../src/mfa/method-registry.ts';
import { MFA_ACR } from '../../src/oidc/acr.ts';
import { startTestApp, WEB_CLIENT, type TestApp } from '../support/app.ts';
import { runCommandHere } from '../support/cli.ts';
import { AuditEvent } from '../../src/audit/audit-event.ts';
import { pinMethod, PIN_VIEWS } from '../support/fake-mfa-method/method.ts';
import { pinOf } from '../support/fake-mfa-method/store.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { formsOf, relyingParty, UserAgent, type Page, type RelyingParty } from '../support/user-agent.ts';

const PIN = '24681357';

let vigil: TestApp;
let rp: RelyingParty;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'fakemethod', methods: [...BUILT_IN_METHODS, pinMethod], views: PIN_VIEWS });
  rp = await relyingParty(vigil.issuer, WEB_CLIENT.id, WEB_CLIENT.secret);
});
afterAll(async () => {
  await vigil.close();
});

async function openSecurityInfo(username: string): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open('/security-info');
  const page = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  expect(page.html).toContain('Security info');
  return { browser, page };
}

/** A user who added the PIN in security info (their first method: the password was the proof). */
async function userWithPin(username: string): Promise<string> {
  const user = await createTestUser({ username });
  const { browser, page } = await openSecurityInfo(username);
  await browser.submit(page, 'add-pin', { pin: PIN });
  return user._id.toString();
}

describe('an MFA method defined in a test, added with one line', () => {
  it('security info offers it, adds it and lists it; then a fresh proof takes the PIN in the code form', async () => {
    await createTestUser({ username: 'pat' });
    const { browser, page } = await openSecurityInfo('pat');
    expect(page.html).toContain('Add a PIN');
    const refused = await browser.submit(page, 'add-pin', { pin: '123' });
    expect(refused.status).toBe(400);
    const added = await browser.submit(refused, 'add-pin', { pin: PIN });
    expect(added.status).toBe(200);
    expect(added.html).toContain('remove-pin');
    expect(formsOf(added.html).some((form) => form.action === '/security-info/pin/remove')).toBe(true);

    // A new session: the PIN is now the user's MFA, so changes need it (the code form takes it).
    const again = await openSecurityInfo('pat');
    expect(again.page.html).toContain('autocomplete="one-time-code"');
    expect(again.page.html).not.toContain('Add a PIN');
    const wrong = await again.browser.submit(again.page, 'verify', { code: '87654321' });
    expect(wrong.status).toBe(401);
    const fresh = await again.browser.submit(wrong, 'verify', { code: PIN });
    expect(fresh.status).toBe(200);
    expect(fresh.html).toContain('Add a PIN');

    // Its row's Remove (a route of its own): the password is the proof again, and it can be added anew.
    const removed = await again.browser.submit(fresh, 'remove-pin');
    expect(removed.html).not.toContain('remove-pin');
    expect((await openSecurityInfo('pat')).page.html).toContain('Add a PIN');
  });

  it('the MFA step accepts it in the code form: the ID token says pin and the MFA acr', async () => {
    const userId = await userWithPin('quinn');
    const browser = new UserAgent(vigil.issuer);
    const started = await rp.start({ acr_values: MFA_ACR });
    const login = await browser.open(started.url.toString());
    const mfa = await browser.submit(login, 'login', { username: 'quinn', password: DEFAULT_PASSWORD });
    expect(mfa.html).toContain('autocomplete="one-time-code"');
    const wrong = await browser.submit(mfa, 'verify', { code: '13572468' });
    expect(wrong.status).toBe(401);
    const done = await browser.submit(wrong, 'verify', { code: PIN });
    const claims = (await rp.finish(done.url, started)).claims();
    expect(claims?.amr).toEqual(['pwd', 'pin', 'mfa']);
    expect(claims?.acr).toBe(MFA_ACR);
    expect((await pinOf(userId))?.lastUsedAt).toEqual(vigil.clock.now());
  });

  it('mfa status lists it as security info does, and mfa reset removes it', async () => {
    const userId = await userWithPin('riley');
    expect(await runCommandHere(mfaCommands.status!, vigil, ['riley'])).toMatch(/^method: PIN: added /m);
    const status = JSON.parse(await runCommandHere(mfaCommands.status!, vigil, ['riley'], true)) as { registrations: unknown };
    expect(status.registrations).toEqual([{ method: 'pin', registrations: 1 }]);
    const reset = JSON.parse(await runCommandHere(mfaCommands.reset!, vigil, ['riley'], true)) as { removed: number };
    expect(reset.removed).toBe(1);
    expect(await pinOf(userId)).toBeNull();
    expect(await runCommandHere(mfaCommands.status!, vigil, ['riley'])).toContain('methods: none');
    const audit = await AuditEvent.find({ action: 'mfa.reset', user: 'riley' }).lean();
    expect(audit.map((event) => [event.before, event.after])).toMatchObject([[
      { registrations: [{ method: 'pin', registrations: 1 }] }, { registrations: [] },
    ]]);
  });
});
