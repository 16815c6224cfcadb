/**
 * Leaked credentials (a user detection): the user signed in with the correct password and that
 * password is in the known-breached corpus, so anyone may hold it. Always high. Not reported
 * again for a password an admin already dismissed it for (the caller passes when the password
 * last changed). Closed by a secure password change or an admin.
 */
import type { Detection, DetectionContext, DetectionVerdict } from './detection.ts';

function evaluate(context: DetectionContext): DetectionVerdict | null {
  if (!context.passwordOk || context.passwordBreached !== true) return null;
  return { level: 'high', reason: 'the password used matches a known breached-password list' };
}

export const leakedCredentials: Detection = { type: 'leakedCredentials', scope: 'user', evaluate };
