import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { User } from '../../src/users/user.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { registerMfa, type RegisteredMfa } from '../support/mfa.ts';
import { createTestUser } from '../support/users.ts';
import { formWithButton } from '../support/user-agent.ts';
import { adminSignIn } from './sign-in.ts';

let vigil: TestApp;
let adaMfa: RegisteredMfa;
let bertMfa: RegisteredMfa;
let staffMfa: RegisteredMfa;

beforeAll(async () => {
  vigil = await startTestApp({ label: 'admin-access', env: { ADMIN_GROUP: 'ops-admins', ADMIN_MFA_STRENGTH: 'mfa' } });
  const ada = await createTestUser({ username: 'ada', groups: ['ops-admins'] });
  const bert = await createTestUser({ username: 'bert', groups: ['ops-admins'] });
  const staff = await createTestUser({ username: 'staffer', groups: ['staff'] });
  await createTestUser({ username: 'nomfa', groups: ['ops-admins'] });
  adaMfa = await registerMfa(vigil, ada._id.toString());
  bertMfa = await registerMfa(vigil, bert._id.toString());
  staffMfa = await registerMfa(vigil, staff._id.toString());
});
afterAll(async () => {
  await vigil.close();
});

describe('admin console access', () => {
  it('lets a member of ADMIN_GROUP in after MFA', async () => {
    const { page } = await adminSignIn(vigil, 'ada', adaMfa);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Sign-ins in the last 24 hours');
    expect(page.html).toContain('Signed in as ada');
  });

  it('refuses a user outside the admin group with a 403 page, even after MFA', async () => {
    const { browser, page } = await adminSignIn(vigil, 'staffer', staffMfa);
    expect(page.status).toBe(403);
    expect(page.html).toContain('Only members of the admin group');
    expect((await browser.open('/admin/audit')).html).not.toContain('Audit trail</h1>');
  });

  it('does not let an admin without MFA in', async () => {
    const { browser, page } = await adminSignIn(vigil, 'nomfa');
    // The console asks for MFA as an essential acr claim: without a method there is no way through.
    expect(page.html).toContain('You cannot sign in right now');
    expect(page.html).not.toContain('Sign-ins in the last 24 hours');
    const again = await browser.open('/admin');
    expect(again.html).not.toContain('Sign-ins in the last 24 hours');
  });

  it('refuses a POST without the CSRF token, or with one from another admin\'s session', async () => {
    const { browser: adas } = await adminSignIn(vigil, 'ada', adaMfa);
    const { page: bertsPage } = await adminSignIn(vigil, 'bert', bertMfa);
    const staffer = await User.findOne({ username: 'staffer' }).lean();
    const target = `/admin/users/${staffer?._id.toString() ?? ''}/confirm-compromised`;
    expect((await adas.post(target, { action: 'confirm' })).status).toBe(403);
    const bertsToken = formWithButton(bertsPage.html, 'sign-out').fields.csrf ?? '';
    expect((await adas.post(target, { csrf: bertsToken, action: 'confirm' })).status).toBe(403);
    const confirmPage = await adas.open(target);
    expect(formWithButton(confirmPage.html, 'confirm').fields.csrf).not.toBe(bertsToken);
  });

  it('ends access when the session idles out or the admin leaves the group', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    vigil.clock.advance(31 * MINUTE);
    const expired = await browser.open('/admin');
    expect(expired.html).toContain('autocomplete="current-password"');

    const { browser: berts } = await adminSignIn(vigil, 'bert', bertMfa);
    await User.updateOne({ username: 'bert' }, { $set: { groups: [] } });
    const removed = await berts.open('/admin');
    expect(removed.status).toBe(403);
  });

  it('refuses a callback it did not start, and signing out ends the session', async () => {
    const { browser } = await adminSignIn(vigil, 'ada', adaMfa);
    const forged = await browser.open('/admin/callback?code=forged&state=forged');
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('The sign-in could not be completed');
    const overview = await browser.open('/admin');
    const signedOut = await browser.submit(overview, 'sign-out');
    expect(signedOut.html).toContain('You signed out of the admin console');
    expect((await browser.open('/admin')).html).toContain('autocomplete="current-password"');
  });
});
