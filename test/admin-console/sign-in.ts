/** Signing in to the admin console over HTTP, as a browser would: password, then TOTP. */
import { expect } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { nextStep, totpNow, type RegisteredMfa } from '../support/mfa.ts';
import { DEFAULT_PASSWORD } from '../support/users.ts';
import { UserAgent, type Page } from '../support/user-agent.ts';

export async function adminSignIn(vigil: TestApp, username: string, mfa?: RegisteredMfa): Promise<{ browser: UserAgent; page: Page }> {
  const browser = new UserAgent(vigil.issuer);
  const login = await browser.open('/admin');
  expect(login.html).toContain('autocomplete="current-password"');
  const afterPassword = await browser.submit(login, 'login', { username, password: DEFAULT_PASSWORD });
  if (!mfa) return { browser, page: afterPassword };
  nextStep(vigil);
  const page = await browser.submit(afterPassword, 'verify', { code: totpNow(vigil, mfa.secret) });
  return { browser, page };
}
