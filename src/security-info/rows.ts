/**
 * What security info lists: every registry method's rows and the e-mail address for password
 * reset, oldest first, each with the label a removal's mail and confirmation use.
 */
import type { AuthenticatorType } from '../mfa/authenticator.ts';
import { METHODS, mfaMethod, type MfaForm, type MfaMethod } from '../mfa/method-registry.ts';
import { RESET_EMAIL_LABEL } from '../mfa/reset-email/label.ts';
import { resetEmailRows } from '../mfa/reset-email/security-info-row.ts';
import { oldestFirst, type SecurityInfoRow } from '../mfa/security-info-row.ts';
import { text } from '../text/catalogue.ts';

export async function securityInfoRows(userId: string): Promise<SecurityInfoRow[]> {
  const rows = await Promise.all([...METHODS.map((method) => method.securityInfoRows(userId)), resetEmailRows(userId)]);
  return oldestFirst(rows.flat());
}

/** The name of a method kept in the authenticators collection. */
export function authenticatorLabel(type: AuthenticatorType): string {
  return text(type === 'email' ? RESET_EMAIL_LABEL : mfaMethod(type).label);
}

/** The views that add each method (src/mfa/method.ts `securityInfoAdd`), with whether the user has it. */
export function adders(rows: readonly SecurityInfoRow[]): Array<{ view: string; has: boolean }> {
  const had = methodsIn(rows);
  return METHODS.flatMap((method) => method.securityInfoAdd ? [{ view: method.securityInfoAdd, has: had.includes(method) }] : []);
}

/** The registry methods these rows show (the reset e-mail is none). */
export function methodsIn(rows: readonly SecurityInfoRow[]): MfaMethod[] {
  return METHODS.filter((method) => rows.some((row) => row.kind === method.id));
}

/**
 * The forms a fresh proof of identity can take for a user with these methods: those of the ones
 * that count on their own (a code box for the app, a ceremony for a passkey).
 */
export function proofForms(methods: readonly MfaMethod[]): Record<MfaForm, boolean> {
  const own = methods.filter((method) => method.standalone);
  return { code: own.some((method) => method.form === 'code'), webauthn: own.some((method) => method.form === 'webauthn') };
}
