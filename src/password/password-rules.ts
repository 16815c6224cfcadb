/**
 * What a newly chosen password must satisfy (NIST SP 800-63B §3.1.1.2, OWASP ASVS V6.2):
 * at least 8 code points, or 15 when the password is the account's only factor; at least 64
 * accepted (default maximum 256, counted after NFC); no composition rules; not on the
 * common/breached list, not predictable, not built from the user's own identifiers or the
 * service name, and not the current password. Rules run cheapest first and the first failure
 * is reported, with a stable `messageId` the UI text catalogue turns into words.
 */
import type { BreachedCorpus } from './breached-passwords.ts';
import { normalizePassword, passwordLength } from './password-normalize.ts';
import { passwordStrength, type StrengthReport } from './password-strength.ts';
import type { PwnedStatus } from './pwned-passwords.ts';

export interface PasswordPolicy {
  minLength: number;
  minLengthSingleFactor: number;
  maxLength: number;
  /** Reject passwords an attacker would find in fewer than 10^x guesses (zxcvbn). Default 6; 0 disables. */
  minGuessesLog10?: number;
}

export const DEFAULT_PASSWORD_POLICY = Object.freeze({
  minLength: 8,
  minLengthSingleFactor: 15,
  maxLength: 256,
  minGuessesLog10: 6,
} satisfies Required<PasswordPolicy>);

export interface NewPasswordContext extends PasswordPolicy {
  username: string;
  email?: string;
  serviceName: string;
  /** True when no second factor protects the account: the longer minimum applies. */
  onlyFactor: boolean;
  corpus: BreachedCorpus;
  isCurrentPassword?: (password: string) => Promise<boolean>;
  /** Optional online breach check (see pwned-passwords.ts); 'UNKNOWN' never blocks. */
  pwnedCheck?: (password: string) => Promise<PwnedStatus>;
}

export type PasswordRuleCode = 'TOO_SHORT' | 'TOO_LONG' | 'COMMON' | 'BREACHED' | 'CONTAINS_IDENTITY' | 'SAME_AS_CURRENT';

export type PasswordRuleResult =
  | { ok: true; strength: StrengthReport }
  | { ok: false; code: PasswordRuleCode; messageId: string; params?: Record<string, string | number> };

type IdentityField = 'username' | 'email' | 'serviceName';

/** Throws on a policy that breaks NIST limits; call at boot so bad config fails early. */
export function assertPasswordPolicy(policy: PasswordPolicy): void {
  const { minLength, minLengthSingleFactor, maxLength } = policy;
  const minGuessesLog10 = policy.minGuessesLog10 ?? DEFAULT_PASSWORD_POLICY.minGuessesLog10;
  for (const [name, value] of Object.entries({ minLength, minLengthSingleFactor, maxLength })) {
    if (!Number.isSafeInteger(value)) throw new Error(`Password policy ${name} must be an integer, got ${value}`);
  }
  if (minLength < 8) throw new Error(`Password policy minLength must be at least 8 (NIST SP 800-63B), got ${minLength}`);
  if (minLengthSingleFactor < Math.max(15, minLength)) {
    throw new Error(`Password policy minLengthSingleFactor must be at least 15 and at least minLength, got ${minLengthSingleFactor}`);
  }
  if (maxLength < Math.max(64, minLengthSingleFactor)) {
    throw new Error(`Password policy maxLength must be at least 64 and at least minLengthSingleFactor, got ${maxLength}`);
  }
  if (!(minGuessesLog10 >= 0 && minGuessesLog10 <= 12)) {
    throw new Error(`Password policy minGuessesLog10 must be between 0 and 12, got ${minGuessesLog10}`);
  }
}

export async function checkNewPassword(password: string, ctx: NewPasswordContext): Promise<PasswordRuleResult> {
  assertPasswordPolicy(ctx);
  const candidate = normalizePassword(password);
  const length = passwordLength(candidate);
  const minLength = ctx.onlyFactor ? ctx.minLengthSingleFactor : ctx.minLength;
  const minGuessesLog10 = ctx.minGuessesLog10 ?? DEFAULT_PASSWORD_POLICY.minGuessesLog10;

  if (length < minLength) return fail('TOO_SHORT', 'password.tooShort', { min: minLength });
  if (length > ctx.maxLength) return fail('TOO_LONG', 'password.tooLong', { max: ctx.maxLength });
  if (ctx.corpus.isBreached(candidate)) return fail('COMMON', 'password.common');

  const identities = identityTokens(ctx);
  const userInputs = identities.map((identity) => identity.token);
  const identityHit = findIdentity(candidate, identities);
  if (identityHit) {
    // Built from an identifier = what is left once the identifiers are removed would fail on its own.
    const rest = identityHit.remainder;
    const restIsWeak =
      passwordLength(rest) < minLength ||
      ctx.corpus.isBreached(rest) ||
      passwordStrength(rest, userInputs).guessesLog10 < minGuessesLog10;
    if (restIsWeak) return fail('CONTAINS_IDENTITY', 'password.containsIdentity', { field: identityHit.field });
  }

  const strength = passwordStrength(candidate, userInputs);
  if (strength.guessesLog10 < minGuessesLog10) {
    return fail('COMMON', 'password.predictable', strength.warningId ? { warningId: strength.warningId } : undefined);
  }

  if (ctx.isCurrentPassword && (await ctx.isCurrentPassword(candidate))) {
    return fail('SAME_AS_CURRENT', 'password.sameAsCurrent');
  }
  if (ctx.pwnedCheck && (await ctx.pwnedCheck(candidate)) === 'BREACHED') {
    return fail('BREACHED', 'password.breached');
  }
  return { ok: true, strength };
}

function fail(code: PasswordRuleCode, messageId: string, params?: Record<string, string | number>): PasswordRuleResult {
  return params ? { ok: false, code, messageId, params } : { ok: false, code, messageId };
}

interface IdentityToken {
  token: string;
  field: IdentityField;
}

/** Tokens shorter than this would reject too many unrelated passwords ("al" in "calm"). */
const MIN_TOKEN_LENGTH = 3;

function identityTokens(ctx: NewPasswordContext): IdentityToken[] {
  const found = new Map<string, IdentityField>();
  const add = (value: string, field: IdentityField): void => {
    const whole = normalizePassword(value).toLowerCase().trim();
    // The whole value and its parts: "alice.smith" yields "alice.smith", "alice" and "smith".
    for (const token of [whole, ...whole.split(/[^\p{L}\p{N}]+/u)]) {
      if (passwordLength(token) >= MIN_TOKEN_LENGTH && !found.has(token)) found.set(token, field);
    }
  };
  add(ctx.username, 'username');
  if (ctx.email) {
    const at = ctx.email.lastIndexOf('@');
    const local = at >= 0 ? ctx.email.slice(0, at) : ctx.email;
    add(local, 'email');
    // The domain names the organisation ("Acme2024!" at acme.com); the top-level label does not.
    if (at >= 0) for (const label of ctx.email.slice(at + 1).split('.').slice(0, -1)) add(label, 'email');
  }
  add(ctx.serviceName, 'serviceName');
  // Longest first, so "alice.smith" is removed whole before "alice" is looked for.
  return [...found].map(([token, field]) => ({ token, field })).sort((a, b) => b.token.length - a.token.length);
}

function findIdentity(password: string, identities: IdentityToken[]): { field: IdentityField; remainder: string } | null {
  let remainder = password.toLowerCase();
  let first: IdentityField | null = null;
  for (const { token, field } of identities) {
    if (!remainder.includes(token)) continue;
    first ??= field;
    remainder = remainder.replaceAll(token, '');
  }
  return first ? { field: first, remainder } : null;
}
