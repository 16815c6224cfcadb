/**
 * Checks a code typed at an MFA prompt with the `code`-form method it belongs to (each brings its
 * `codeCheck`, src/mfa/method.ts): the first in the registry that claims it by its look (a recovery
 * code), else the one that takes any other code (the authenticator app). Each code works once;
 * failures count against the method tried (src/mfa/code-attempts.ts).
 */
import type { SecretBox } from '../crypto/secret-box.ts';
import type { SecondFactorResult } from './code-attempts.ts';
import { METHODS, type MfaMethod } from './method-registry.ts';

export type { SecondFactorResult } from './code-attempts.ts';
export { totpContext } from './totp/context.ts';

/** The check's answer and the method that checked it (null: no method takes such a code). */
export type CheckedCode = (SecondFactorResult & { ok: true; method: MfaMethod }) | (SecondFactorResult & { ok: false; method: MfaMethod | null });

/** The code-form method a typed code belongs to. */
export function codeMethodFor(code: string): MfaMethod | undefined {
  const checking = METHODS.filter((method) => method.codeCheck);
  return checking.find((method) => method.codeCheck?.claims?.(code)) ?? checking.find((method) => !method.codeCheck?.claims);
}

export async function verifySecondFactor(input: { userId: string; code: string; now: Date; secretBox: SecretBox }): Promise<CheckedCode> {
  const code = input.code.trim();
  const method = codeMethodFor(code);
  if (!method?.codeCheck) return { ok: false, reason: 'NO_METHOD', method: null };
  const result = await method.codeCheck.verify({ ...input, code });
  return result.ok ? { ...result, method } : { ...result, method };
}
