/**
 * Page helpers shared by the journeys. They find things the way the form contract
 * (README.md, "Pages and forms") promises: inputs by their `autocomplete` token, actions by
 * `<button type="submit" name="action" value="…">`. Each helper that lands on a Vigil page
 * runs the page checks under the name it is given (that name is also the screenshot's).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Journeys } from './journey.ts';
import type { Session } from './session.ts';
import { FIRST_PARTY, type THIRD_PARTY } from './stack.ts';

export type Client = typeof FIRST_PARTY | typeof THIRD_PARTY;
export type AutocompleteToken = 'username' | 'current-password' | 'new-password' | 'one-time-code' | 'email';

/**
 * A visible submit button by its contract `value` (login, approve, deny, register, skip, verify,
 * …). Visible only: the recovery code form's Verify stays folded under "Use a recovery code".
 */
export function action(page: Page, value: string): Locator {
  return page.locator(`button[type="submit"][name="action"][value="${value}"]:visible`);
}

/** An input by its contract `autocomplete` token (one of its tokens: the login's username is also `webauthn`). */
export function field(page: Page, token: AutocompleteToken): Locator {
  return page.locator(`input[autocomplete~="${token}"]`);
}

/**
 * Waits until the browser shows a page on Vigil whose path starts with `pathPrefix`. Resolves at
 * once if it already does (a form posted on a Vigil page), so then wait for the next page's content.
 */
export async function onVigil(journeys: Journeys, session: Session, pathPrefix = '/'): Promise<void> {
  const prefix = `${journeys.vigil.issuer}${pathPrefix}`;
  await session.page.waitForURL((url) => url.href.startsWith(prefix));
  await session.page.waitForLoadState('load');
}

/** The relying party sends the browser to Vigil; resolves on the first Vigil page (not checked yet). */
export async function startSignIn(journeys: Journeys, session: Session, client: Client = FIRST_PARTY, params: Record<string, string> = {}): Promise<void> {
  await session.page.goto(journeys.rp.startUrl(client.key, params));
  await onVigil(journeys, session, '/interaction/');
}

/** The login page is shown; it is checked under `name`. */
export async function expectLoginPage(session: Session, name = 'login'): Promise<void> {
  await field(session.page, 'username').waitFor();
  await expect(session.page.locator('h1').textContent()).resolves.toBe('Sign in');
  await session.checkPage(name);
}

/** Fills the login form and presses "Sign in" (by pointer; the keyboard journey does it by keys). */
export async function submitLogin(session: Session, username: string, password: string): Promise<void> {
  await field(session.page, 'username').fill(username);
  await field(session.page, 'current-password').fill(password);
  await action(session.page, 'login').click();
}

/** From the RP to Vigil's login page, checked, then the password submitted. */
export async function signInWithPassword(journeys: Journeys, session: Session, username: string, password: string, client: Client = FIRST_PARTY, params: Record<string, string> = {}): Promise<void> {
  await startSignIn(journeys, session, client, params);
  await expectLoginPage(session);
  await submitLogin(session, username, password);
}

/** Waits for the RP's callback page and returns the ID token claims it shows (fails on an RP error page). */
export async function claimsOnRp(journeys: Journeys, session: Session): Promise<Record<string, unknown>> {
  await session.page.waitForURL((url) => url.href.startsWith(journeys.rp.callbackUrl));
  const error = session.page.locator('#error');
  if (await error.count() > 0) {
    throw new Error(`the RP shows an error instead of claims: ${await error.textContent()} ${await session.page.locator('#error-description, #failure').allTextContents()}`);
  }
  const claims: unknown = JSON.parse(await session.page.locator('#claims').textContent() ?? 'null');
  if (!claims || typeof claims !== 'object') throw new Error('the RP shows no claims');
  return claims as Record<string, unknown>;
}

/** Waits for the RP's callback page and returns the OAuth error it received. */
export async function errorOnRp(journeys: Journeys, session: Session): Promise<{ error: string; description: string }> {
  await session.page.waitForURL((url) => url.href.startsWith(journeys.rp.callbackUrl));
  return {
    error: await session.page.locator('#error').textContent() ?? '',
    description: await session.page.locator('#error-description').textContent() ?? '',
  };
}

/** The texts of the elements an element's aria-describedby points at (what a screen reader reads after its name). */
export async function describedBy(locator: Locator): Promise<string[]> {
  const ids = (await locator.getAttribute('aria-describedby'))?.split(/\s+/).filter(Boolean) ?? [];
  const page = locator.page();
  return Promise.all(ids.map(async (id) => {
    const target = page.locator(`[id="${id}"]`);
    if (await target.count() !== 1) throw new Error(`aria-describedby points at "${id}", which is not exactly one element`);
    return (await target.textContent() ?? '').trim();
  }));
}

export interface FocusedElement {
  tag: string;
  id: string;
  type: string;
  name: string;
  value: string;
}

/** What has keyboard focus now. */
export async function focused(page: Page): Promise<FocusedElement> {
  return page.evaluate<FocusedElement>(`(() => {
    const element = document.activeElement;
    if (!element) return { tag: '', id: '', type: '', name: '', value: '' };
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      type: element.getAttribute('type') || '',
      name: element.getAttribute('name') || '',
      value: element.getAttribute('value') || '',
    };
  })()`);
}

/** What the page says and offers, without the per-request parts (interaction ids, tokens): equal for pages that tell nothing apart. */
export async function pageShape(page: Page): Promise<string> {
  const main = await page.locator('main').innerText();
  const controls = await page.locator('main input, main button').evaluateAll((elements) => elements.map((e) => `${e.tagName}:${e.getAttribute('type')}:${e.getAttribute('name')}:${e.getAttribute('name') === 'csrf' ? '' : e.getAttribute('value')}:${e.getAttribute('autocomplete')}`).join('|'));
  return `${main}\n${controls}`;
}

/** Waits until the page's h1 reads exactly `text` (the way to know a posted form's next page is shown). */
export async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor();
}

/** The trimmed text of the one element `selector` matches (fails if there is not exactly one). */
export async function textOf(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector);
  expect(await locator.count(), `elements matching ${selector}`).toBe(1);
  return (await locator.textContent() ?? '').trim();
}

/** The TOTP secret as the enrollment page shows it for manual entry (`#totp-secret`, grouped in fours). */
export async function totpSecretOnPage(page: Page): Promise<string> {
  return (await textOf(page, '#totp-secret')).replace(/\s+/g, '');
}

/** The recovery codes listed on the page (`#recovery-codes`). */
export async function recoveryCodesOnPage(page: Page): Promise<string[]> {
  return (await page.locator('#recovery-codes li').allTextContents()).map((code) => code.trim());
}

/** The uid of the sign-in (oidc-provider interaction) the page belongs to, from /interaction/<uid>/…. */
export function interactionUid(page: Page): string {
  const match = /^\/interaction\/([^/]+)/.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`not an interaction page: ${new URL(page.url()).pathname}`);
  return match[1];
}

/**
 * The GOV.UK error pattern after a failed form: "Error:" starts the title, the error summary
 * (role=alert) has focus, links to `input` with the message, and `input` alone is marked invalid
 * and described by the message. Returns the message.
 */
export async function expectFieldError(page: Page, input: Locator, message: string | RegExp): Promise<string> {
  const summary = await expectErrorSummary(page);
  const id = await input.getAttribute('id');
  const shown = expectMessage((await summary.locator(`a[href="#${id}"]`).textContent() ?? '').trim(), message);
  expect(await input.getAttribute('aria-invalid')).toBe('true');
  expect(await describedBy(input)).toContain(`Error: ${shown}`);
  expect(await page.locator('[aria-invalid="true"]').count(), 'fields marked invalid').toBe(1);
  return shown;
}

/**
 * The GOV.UK error pattern for an error about the whole page, not one field: "Error:" starts the
 * title, the error summary (role=alert) has focus and says `message` without a link, and no field
 * is marked invalid. Returns the message.
 */
export async function expectPageError(page: Page, message: string | RegExp): Promise<string> {
  const summary = await expectErrorSummary(page);
  const shown = expectMessage((await summary.locator('li').textContent() ?? '').trim(), message);
  expect(await summary.locator('a').count(), 'links in a page-level summary').toBe(0);
  expect(await page.locator('[aria-invalid="true"]').count(), 'fields marked invalid').toBe(0);
  return shown;
}

/** The error summary once it has focus, after checking the title and its role. */
async function expectErrorSummary(page: Page): Promise<Locator> {
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  await page.waitForLoadState('load');
  await page.waitForFunction('document.activeElement !== null && document.activeElement.id === "error-summary"');
  expect(await page.title()).toMatch(/^Error: /);
  expect(await summary.getAttribute('role')).toBe('alert');
  return summary;
}

function expectMessage(shown: string, message: string | RegExp): string {
  if (typeof message === 'string') expect(shown).toBe(message);
  else expect(shown).toMatch(message);
  return shown;
}

/**
 * Login → "Forgot password?" → `username` → the reset's choice of how to verify, each page checked
 * (`<name>-login`, `-identify`, `-choose`; no screenshots: the reset journeys photograph them).
 */
export async function toResetChoice(journeys: Journeys, session: Session, username: string, name: string): Promise<void> {
  const { page } = session;
  await startSignIn(journeys, session);
  await field(page, 'username').waitFor();
  await session.checkPage(`${name}-login`, { screenshot: false });
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expectHeading(page, 'Reset your password');
  await session.checkPage(`${name}-identify`, { screenshot: false });
  await field(page, 'username').fill(username);
  await action(page, 'send').click();
  await expectHeading(page, 'How do you want to verify it is you?');
  await session.checkPage(`${name}-choose`, { screenshot: false });
}

/** Opens "Use a recovery code" and submits `code` from its own box. */
export async function submitRecoveryCode(page: Page, code: string): Promise<void> {
  const details = page.locator('details.recovery');
  if (await details.getAttribute('open') === null) await details.locator('summary').click();
  await page.locator('#recovery-code').fill(code);
  await details.locator('button[value="verify"]').click();
}

/**
 * From the RP through the registration interrupt (checked) to the authenticator app step
 * (checked): the first sign-in of `username` under the MFA registration policy.
 */
export async function toAppSetup(journeys: Journeys, session: Session, username: string, password: string): Promise<void> {
  const { page } = session;
  await signInWithPassword(journeys, session, username, password);
  await onVigil(journeys, session, '/interaction/');
  await expectHeading(page, 'Keep your account secure');
  await session.checkPage('mfa-registration-interrupt');
  await action(page, 'register').click();
  await expectHeading(page, 'Set up your authenticator app');
  await session.checkPage('mfa-register-totp');
}
