/**
 * A user's passkey registered as security info registers one (a challenge, the software
 * authenticator's answer), for tests that sign in with it.
 */
import { registrationOptions, verifyRegistration } from '../../src/mfa/passkeys/registration.ts';
import { relyingPartyOf } from '../../src/mfa/passkeys/relying-party.ts';
import type { TestApp } from './app.ts';
import type { SoftwareAuthenticator, SoftwareCredential } from './software-authenticator.ts';
import { formsOf, type Page, type UserAgent } from './user-agent.ts';

export async function registerPasskey(vigil: TestApp, authenticator: SoftwareAuthenticator, user: { _id: { toString(): string }; username: string }): Promise<SoftwareCredential> {
  const rp = relyingPartyOf(vigil.issuer, 'Vigil');
  const userId = user._id.toString();
  const started = await registrationOptions({ rp, userId, username: user.username, boundTo: 'test', now: vigil.clock.now() });
  if (!started.ok) throw new Error('no registration options');
  const { credential, json } = authenticator.create(started.options);
  const registered = await verifyRegistration({ rp, userId, boundTo: 'test', name: 'Test key', response: json, now: vigil.clock.now() });
  if (!registered.ok) throw new Error(`registration failed: ${registered.reason}`);
  return credential;
}

export interface PasskeyRequestOptions { challenge: string; allowCredentials?: unknown[]; userVerification?: string }

/** A page's passkey options, asked for as views/assets/passkeys.js does: with the form's CSRF token (and the browser's headers). */
export async function passkeyOptionsOf(browser: UserAgent, page: Page): Promise<PasskeyRequestOptions> {
  const path = /data-options="([^"]+)"/.exec(page.html)?.[1];
  const csrf = formsOf(page.html).find((form) => form.buttons.includes('passkey'))?.fields.csrf;
  if (!path || !csrf) throw new Error(`no passkey form on the page:\n${page.html.slice(0, 1500)}`);
  const response = await browser.agent.post(path).set(browser.headers).type('form').send({ csrf }).redirects(0);
  if (response.status !== 200) throw new Error(`passkey options answered ${response.status}`);
  return response.body as PasskeyRequestOptions;
}

/** Answers a page's passkey form: its options, the authenticator's assertion posted back. */
export async function answerWithPasskey(browser: UserAgent, page: Page, authenticator: SoftwareAuthenticator, credential: SoftwareCredential): Promise<Page> {
  return browser.submit(page, 'passkey', { assertion: authenticator.get(await passkeyOptionsOf(browser, page), credential) });
}
