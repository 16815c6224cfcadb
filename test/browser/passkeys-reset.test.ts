/**
 * Journey: a password reset proved with a passkey (Chromium's virtual authenticator). The user
 * adds a passkey in security info, then, from a new sign-in, *Forgot password?* → their name →
 * *Use a passkey or security key*: the browser answers the reset's own challenge and the user
 * chooses a new password, then signs in with it. Each page passes axe at desktop and phone width.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser } from '../support/users.ts';
import { SSPR_POLICIES } from '../support/reset.ts';
import { browserJourneys } from './support/journey.ts';
import { action, claimsOnRp, expectHeading, field, submitLogin, toResetChoice } from './support/pages.ts';
import { addVirtualAuthenticator } from './support/webauthn.ts';
import { addPasskeyInSecurityInfo } from './support/passkey-in-security-info.ts';

const NEW_PASSWORD = 'saffron-harbour-quill-88';
const journeys = browserJourneys({ label: 'pkreset', issuerHost: 'localhost', policiesYaml: SSPR_POLICIES });

beforeAll(async () => {
  await createTestUser({ username: 'ria' });
});

describe('a passkey in the password reset', () => {
  it('proves the reset, and the new password signs in', async () => {
    const session = await journeys.session();
    const { page } = session;
    const authenticator = await addVirtualAuthenticator(session);
    await addPasskeyInSecurityInfo(journeys, session, 'ria', 'This laptop', { login: 'passkeys-reset-si-login', securityInfo: 'passkeys-reset-security-info', added: 'passkeys-reset-added' });

    // The login page's passkey autofill waits unanswered while the reset is reached.
    await authenticator.presence(false);
    await page.context().clearCookies();
    await toResetChoice(journeys, session, 'ria', 'passkeys-reset');
    await page.getByLabel('Use a passkey or security key').check();
    await action(page, 'choose').click();
    await expectHeading(page, 'Use your passkey or security key');
    expect(await field(page, 'one-time-code').count()).toBe(0);
    await session.checkPage('password-reset-passkey');
    await authenticator.presence(true);
    await page.locator('#use-passkey').click();
    await expectHeading(page, 'Choose a new password');
    await authenticator.presence(false);
    await session.checkPage('passkeys-reset-new-password', { screenshot: false });
    await field(page, 'new-password').nth(0).fill(NEW_PASSWORD);
    await field(page, 'new-password').nth(1).fill(NEW_PASSWORD);
    await action(page, 'reset').click();
    await expectHeading(page, 'Sign in');
    await session.checkPage('passkeys-reset-login-again', { screenshot: false });
    await submitLogin(session, 'ria', NEW_PASSWORD);
    expect((await claimsOnRp(journeys, session)).preferred_username).toBe('ria');
    expect(session.minorViolations).toEqual([]);
  });
});
