/**
 * Journey: passkeys in security info with Chromium's virtual authenticator (DevTools protocol
 * `WebAuthn.addVirtualAuthenticator`, a platform authenticator with user verification). The
 * user adds a named passkey (Vigil serves the WebAuthn browser code itself, under its CSP),
 * renames it, later proves it is them with it (the password alone no longer does), and removes
 * it. The ISSUER is http://localhost:<port>: an IP address is not a valid RP ID.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { createTestUser, DEFAULT_PASSWORD } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import { action, expectHeading, onVigil, submitLogin, textOf } from './support/pages.ts';
import { virtualAuthenticator } from './support/webauthn.ts';

const journeys = browserJourneys({ label: 'passkeys', mail: true, issuerHost: 'localhost' });

beforeAll(async () => {
  await createTestUser({ username: 'pia' });
});

describe('passkeys in security info', () => {
  it('adds a passkey with the browser, renames it, verifies with it, and removes it', async () => {
    const session = await journeys.session();
    const { page } = session;
    const credentials = await virtualAuthenticator(session);
    await page.goto(`${journeys.vigil.issuer}/security-info`);
    await onVigil(journeys, session, '/interaction/');
    await session.checkPage('security-info-passkeys-sign-in', { screenshot: false });
    await submitLogin(session, 'pia', DEFAULT_PASSWORD);

    await onVigil(journeys, session, '/security-info');
    await expectHeading(page, 'Security info');
    await page.getByRole('heading', { level: 2, name: 'Passkeys and security keys' }).waitFor();
    await session.checkPage('security-info-passkeys');

    await page.getByLabel('Name (so you can tell your keys apart)').fill('This laptop');
    await action(page, 'add-passkey').click();
    await page.locator('p.notice[role="status"]').waitFor();
    expect(await textOf(page, 'p.notice[role="status"]')).toBe('Your passkey was added.');
    const row = page.locator('table tbody tr', { hasText: 'This laptop' });
    expect(await row.textContent()).toContain('Passkey or security key');
    const stored = await credentials();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ rpId: 'localhost', isResidentCredential: true });
    await session.checkPage('security-info-passkey-added');
    await journeys.mail.waitFor((m) => m.envelopeTo.includes('pia@example.test') && /added/i.test(m.subject));

    await page.getByRole('button', { name: 'Rename This laptop' }).click();
    await expectHeading(page, 'Rename This laptop');
    await session.checkPage('security-info-passkey-rename');
    await page.getByLabel('New name').fill('Work laptop');
    await action(page, 'save-name').click();
    await page.locator('p.notice[role="status"]').waitFor();
    expect(await textOf(page, 'p.notice[role="status"]')).toBe('The passkey was renamed.');
    await session.checkPage('security-info-passkey-renamed', { screenshot: false });

    // Past the fresh proof: a user with a passkey confirms it is them with it, not the password.
    journeys.vigil.clock.advance(6 * MINUTE);
    await page.goto(`${journeys.vigil.issuer}/security-info`);
    await page.getByRole('heading', { level: 2, name: 'Confirm it is you' }).waitFor();
    expect(await page.locator('input[autocomplete="current-password"]').count()).toBe(0);
    await session.checkPage('security-info-verify-passkey');
    const before = (await credentials())[0]?.signCount ?? 0;
    await action(page, 'verify-passkey').click();
    await action(page, 'remove-passkey').waitFor();
    expect((await credentials())[0]?.signCount).toBeGreaterThan(before);
    expect(await page.locator('table tbody tr', { hasText: 'Work laptop' }).textContent()).not.toContain('Never');
    await session.checkPage('security-info-verified-passkey');

    await page.getByRole('button', { name: 'Remove Work laptop' }).click();
    await expectHeading(page, 'Remove Passkey or security key (Work laptop)?');
    await session.checkPage('security-info-passkey-remove');
    await action(page, 'remove-passkey').click();
    await page.locator('p.notice[role="status"]').waitFor();
    expect(await textOf(page, 'p.notice[role="status"]')).toBe('The method was removed.');
    expect(await page.locator('table tbody tr', { hasText: 'Work laptop' }).count()).toBe(0);
    await session.checkPage('security-info-passkey-removed', { screenshot: false });
    await journeys.mail.waitFor((m) => m.envelopeTo.includes('pia@example.test') && /removed/i.test(m.subject));
    expect(session.minorViolations).toEqual([]);
  });
});
