/**
 * Every e-mail Vigil sends, as pure functions returning { subject, text, html }.
 *
 * Contract for callers: any link passed in (e.g. newSignIn's reportUrl) is fully built from the
 * configured ISSUER, never from a request's Host or X-Forwarded-* headers, because whoever sends
 * the request controls those and could point a real user's e-mail at their own site. Values
 * from users (usernames, labels, user agents) may be passed raw: they are flattened to one line,
 * shortened and HTML-escaped here, and never placed in a subject.
 */
export type { Brand, MailContent } from './types.ts';
export { emailVerificationCode } from './email-verification-code.ts';
export { passwordResetCode } from './password-reset-code.ts';
export { passwordResetUnavailable } from './password-reset-unavailable.ts';
export { passwordChanged } from './password-changed.ts';
export { mfaMethodAdded, mfaMethodRemoved, mfaMethodReplaced } from './mfa-method-changed.ts';
export { recoveryCodesRegenerated, recoveryCodeUsed } from './recovery-codes.ts';
export { newSignIn, newSignIns, type SignInSeen } from './new-sign-in.ts';
export type { NewSignInArgs } from './new-sign-in.ts';
export { adminRiskAlert, MAX_LISTED_USERS } from './admin-risk-alert.ts';
export type { RiskyUser } from './admin-risk-alert.ts';
export { riskDigest } from './risk-digest.ts';
export type { RiskSummary } from './risk-digest.ts';
