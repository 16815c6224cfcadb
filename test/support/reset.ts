/** Helpers for password-reset tests: register a reset e-mail, start a reset from the login page. */
import { putMethod } from '../../src/mfa/authenticator-store.ts';
import type { TestApp } from './app.ts';
import type { RelyingParty, UserAgent, Page } from './user-agent.ts';

export async function registerResetEmail(vigil: TestApp, userId: string, address: string): Promise<void> {
  await putMethod({ userId, type: 'email', createdAt: vigil.clock.now(), address });
}

export async function forgotPage(rp: RelyingParty, browser: UserAgent): Promise<{ login: Page; forgot: Page }> {
  const started = await rp.start();
  const login = await browser.open(started.url.toString());
  const href = /href="(\/interaction\/[^"]+\/forgot)"/.exec(login.html)?.[1];
  if (!href) throw new Error('no "Forgot password?" link on the login page');
  return { login, forgot: await browser.open(href) };
}

export function codeFrom(text: string): string {
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error(`no code in: ${text}`);
  return code;
}

export type ResetWay = 'email' | 'totp' | 'recovery' | 'passkey';

/** Starts a reset for `username`, chooses how to verify, and returns the page that asks for the code. */
export async function resetCodePage(rp: RelyingParty, browser: UserAgent, username: string, method: ResetWay = 'email'): Promise<Page> {
  const { forgot } = await forgotPage(rp, browser);
  const choose = await browser.submit(forgot, 'send', { username });
  return browser.submit(choose, 'choose', { method });
}

/** Every policy off but self-service reset, for everyone, with one method (the shipped setting). */
export const SSPR_POLICIES = `
mfaRegistration: { state: disabled }
signInRisk: { state: disabled }
userRisk: { state: disabled }
sspr: { enabledFor: all, methodsRequired: 1, methods: [email, totp] }
`;
