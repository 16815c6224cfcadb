/** MFA set-up for tests that are about something else (enrollment itself is tested over HTTP). */
import { formatRecoveryCode, generateRecoveryCodes, hashRecoveryCode } from '../../src/mfa/recovery-codes/recovery-codes.ts';
import { currentTotpCode, generateTotpSecret, totpStep } from '../../src/mfa/totp/totp.ts';
import { totpContext } from '../../src/mfa/verify-second-factor.ts';
import { putMethod } from '../../src/mfa/authenticator-store.ts';
import type { TestApp } from './app.ts';

export interface RegisteredMfa {
  secret: string;
  recoveryCodes: string[];
}

export async function registerMfa(vigil: TestApp, userId: string): Promise<RegisteredMfa> {
  const secret = generateTotpSecret();
  const recoveryCodes = generateRecoveryCodes(10).map(formatRecoveryCode);
  const now = vigil.clock.now();
  await putMethod({ userId, type: 'totp', createdAt: now, sealedSecret: vigil.app.services.secretBox.seal(secret, totpContext(userId)) });
  await putMethod({ userId, type: 'recovery', createdAt: now, codes: recoveryCodes.map((c) => ({ hash: hashRecoveryCode(c) })) });
  return { secret, recoveryCodes };
}

/** The code the user's app shows now (Vigil's clock), and the clock moved to the next step for the following one. */
export function totpNow(vigil: TestApp, secret: string): string {
  return currentTotpCode(secret, vigil.clock.now());
}

export function nextStep(vigil: TestApp): void {
  const now = vigil.clock.now();
  const next = (totpStep(now) + 1) * 30_000;
  vigil.clock.set(new Date(next + 1000));
}

/** The TOTP secret as shown on the enrollment page (grouped in fours). */
export function secretFromPage(html: string): string {
  const shown = /id="totp-secret">([^<]+)</.exec(html)?.[1];
  if (!shown) throw new Error('no TOTP secret on the page');
  return shown.replace(/\s+/g, '');
}
