/**
 * Journey: every error of the password reset follows the GOV.UK pattern (README "Pages and
 * forms"): "Error:" starts the title and the error summary has focus (document.activeElement).
 * An error about one field links to it and marks only it — the empty username, no way chosen
 * (the first radio; the group is described by the message), a missing or wrong code, a new
 * password the rules refuse (with their reason) or a confirmation that differs. An error about
 * the whole reset — too many wrong codes, the daily cap, an expired reset, too many requests —
 * is said in the summary without marking any field. Each error page a stranger can reach looks
 * the same for a real account and a name nobody has (no enumeration).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/clock.ts';
import { codeFrom, registerResetEmail, SSPR_POLICIES } from '../support/reset.ts';
import { createTestUser } from '../support/users.ts';
import { browserJourneys } from './support/journey.ts';
import type { Session } from './support/session.ts';
import { action, describedBy, expectFieldError, expectHeading, expectPageError, field, focused, pageShape, startSignIn, toResetChoice } from './support/pages.ts';

const REX_RESET = 'rex.reset@example.test';
const UNKNOWN = 'nobody-by-this-name';
const CHOICE = 'How do you want to verify it is you?';
const NO_SHOT = { screenshot: false } as const;

const journeys = browserJourneys({ label: 'reseterrors', policiesYaml: SSPR_POLICIES, mail: true });

beforeAll(async () => {
  const rex = await createTestUser({ username: 'rex' });
  await registerResetEmail(journeys.vigil, rex._id.toString(), REX_RESET);
  await createTestUser({ username: 'ray' });
  await createTestUser({ username: 'tess' });
});

/** From a reset page with the username box (the first page, or an error that says "Start again"). */
async function identifyAgain(session: Session, username: string, name: string): Promise<void> {
  await field(session.page, 'username').fill(username);
  await action(session.page, 'send').click();
  await expectHeading(session.page, CHOICE);
  await session.checkPage(`${name}-choose`, NO_SHOT);
}

async function choose(session: Session, label: string, name: string): Promise<void> {
  await session.page.getByLabel(label).check();
  await action(session.page, 'choose').click();
  await expectHeading(session.page, 'Enter your code');
  await session.checkPage(name, NO_SHOT);
}

async function submitCode(session: Session, code: string): Promise<void> {
  await field(session.page, 'one-time-code').fill(code);
  await action(session.page, 'verify').click();
}

const APP = 'Enter a code from my authenticator app';
const EMAIL = 'E-mail a code to my password reset address';

describe('reset errors are easy to find', () => {
  it('the username, the choice of way, the code and the new password: each error marks only its field', async () => {
    const session = await journeys.session();
    const { page } = session;
    await startSignIn(journeys, session);
    await field(page, 'username').waitFor();
    await session.checkPage('reset-errors-login', NO_SHOT);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expectHeading(page, 'Reset your password');
    await session.checkPage('reset-errors-identify', NO_SHOT);
    await action(page, 'send').click();
    await expectFieldError(page, field(page, 'username'), 'Enter your username or e-mail address.');
    await session.checkPage('password-reset-identify-error', NO_SHOT);
    await identifyAgain(session, 'rex', 'reset-errors');

    // No way chosen (a radio group cannot be emptied by hand: as a browser without the default would send it).
    await page.evaluate(`document.querySelectorAll('input[name="method"]').forEach((radio) => { radio.checked = false; })`);
    await action(page, 'choose').click();
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    await page.waitForFunction('document.activeElement !== null && document.activeElement.id === "error-summary"');
    expect(await page.title()).toMatch(/^Error: /);
    const link = summary.locator('a[href="#method"]');
    expect((await link.textContent() ?? '').trim()).toBe('Choose how you want to verify it is you.');
    expect(await page.locator('#method').getAttribute('type')).toBe('radio');
    expect(await describedBy(page.locator('fieldset'))).toEqual(['Error: Choose how you want to verify it is you.']);
    expect(await page.locator('[aria-invalid="true"]').count(), 'fields marked invalid').toBe(0);
    await session.checkPage('password-reset-choose-error', NO_SHOT);
    await link.click();
    expect(await focused(page)).toMatchObject({ id: 'method', type: 'radio', value: 'email' });

    journeys.mail.clear();
    await choose(session, EMAIL, 'reset-errors-email');
    const code = codeFrom((await journeys.mail.waitFor((m) => m.envelopeTo.includes(REX_RESET))).text);
    await submitCode(session, '');
    await expectFieldError(page, field(page, 'one-time-code'), 'Enter the code.');
    await session.checkPage('password-reset-verify-missing', NO_SHOT);
    await submitCode(session, code === '000000' ? '111111' : '000000');
    await expectFieldError(page, field(page, 'one-time-code'), 'That code is not valid.');
    await session.checkPage('password-reset-verify-error', NO_SHOT);
    await page.locator('#error-summary a').click();
    expect((await focused(page)).id).toBe('code');
    await submitCode(session, code);

    await expectHeading(page, 'Choose a new password');
    await session.checkPage('reset-errors-new-password', NO_SHOT);
    const [password, confirm] = [field(page, 'new-password').nth(0), field(page, 'new-password').nth(1)];
    await password.fill('saffron-harbour-quill-88');
    await confirm.fill('saffron-harbour-quill-89');
    await action(page, 'reset').click();
    await expectFieldError(page, confirm, 'The two passwords do not match.');
    expect(await confirm.getAttribute('id')).toBe('confirm');
    await session.checkPage('password-reset-new-password-mismatch', NO_SHOT);
    await password.fill('short');
    await confirm.fill('short');
    await action(page, 'reset').click();
    const reason = await expectFieldError(page, password, /\S/);
    expect(reason).not.toBe('The two passwords do not match.');
    expect(await password.getAttribute('id')).toBe('password');
    await session.checkPage('password-reset-new-password-refused', NO_SHOT);
  });

  it('a wrong code, too many wrong codes and the daily cap: the same pages for a real account and an unknown name', async () => {
    const shapes: Record<string, string[]> = {};
    for (const username of ['ray', UNKNOWN]) {
      const session = await journeys.session();
      const { page } = session;
      const name = `reset-errors-cap-${username === UNKNOWN ? 'unknown' : username}`;
      const seen: string[] = [];
      await toResetChoice(journeys, session, username, name);
      // Ten attempts in two resets use up the account's day (README "Self-service password reset").
      for (const round of [1, 2]) {
        await choose(session, APP, `${name}-app-${round}`);
        for (let attempt = 1; attempt <= 4; attempt += 1) {
          await submitCode(session, '000000');
          await expectFieldError(page, field(page, 'one-time-code'), 'That code is not valid.');
        }
        await session.checkPage(`${name}-wrong-${round}`, NO_SHOT);
        if (round === 1) seen.push(await pageShape(page));
        await submitCode(session, '000000');
        await expectHeading(page, 'Reset your password');
        await expectPageError(page, 'Too many wrong codes. Start again.');
        await session.checkPage(`${name}-too-many-${round}`, NO_SHOT);
        if (round === 1) seen.push(await pageShape(page));
        // The reset of an interaction is its newest flow: the manual clock moves on so the next one is newer.
        journeys.vigil.clock.advance(1000);
        await identifyAgain(session, username, `${name}-again-${round}`);
      }
      await choose(session, APP, `${name}-app-3`);
      await submitCode(session, '000000');
      await expectHeading(page, 'Enter your code');
      await expectPageError(page, 'Too many codes were tried for this account today. Try again tomorrow, or contact your administrator.');
      await session.checkPage(`${name}-daily-cap`, NO_SHOT);
      seen.push(await pageShape(page));
      shapes[username] = seen;
    }
    expect(shapes[UNKNOWN]).toEqual(shapes.ray);
  });

  it('an expired reset and too many requests are said on the first page, for a real account as for an unknown name', async () => {
    const shapes: Record<string, string[]> = {};
    for (const username of ['tess', UNKNOWN]) {
      journeys.vigil.clock.advance(16 * MINUTE);
      const session = await journeys.session();
      const { page } = session;
      const name = `reset-errors-expired-${username === UNKNOWN ? 'unknown' : username}`;
      const seen: string[] = [];
      await toResetChoice(journeys, session, username, name);
      await choose(session, APP, `${name}-app`);
      journeys.vigil.clock.advance(16 * MINUTE);
      await submitCode(session, '000000');
      await expectHeading(page, 'Reset your password');
      await expectPageError(page, 'This password reset has expired or was used. Start again.');
      await session.checkPage(`${name}-expired`, NO_SHOT);
      seen.push(await pageShape(page));

      // Five requests for one name from one address in a 15-minute window; the sixth is refused.
      for (let request = 1; request <= 5; request += 1) {
        await identifyAgain(session, username, `${name}-${request}`);
        await page.getByRole('link', { name: 'Start again' }).click();
        await expectHeading(page, 'Reset your password');
        await session.checkPage(`${name}-${request}-restart`, NO_SHOT);
      }
      await field(page, 'username').fill(username);
      await action(page, 'send').click();
      await expectHeading(page, 'Reset your password');
      await expectPageError(page, /^Too many reset requests\. Wait \d+ seconds and try again\.$/);
      await session.checkPage(`${name}-throttled`, NO_SHOT);
      // The wait depends on where the clock is in the window, not on the account.
      seen.push((await pageShape(page)).replace(/Wait \d+ seconds/, 'Wait N seconds'));
      shapes[username] = seen;
    }
    expect(shapes[UNKNOWN]).toEqual(shapes.tess);
  });
});
