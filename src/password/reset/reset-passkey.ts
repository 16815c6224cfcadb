/**
 * A passkey as the MFA proof of a password reset (README.md, "Self-service password reset"). The
 * challenge is single use and bound to this reset flow; the options are the same for every name
 * typed (no list of the account's credentials: the browser offers its discoverable passkeys), so
 * they never tell whether an account exists or has a passkey. The answer is checked by the
 * passkey method (src/mfa/passkeys/reset-check.ts).
 */
import type { ResetFlowRecord } from './reset-flow-record.ts';

export function resetBinding(flow: Pick<ResetFlowRecord, '_id'>): string {
  return `reset:${flow._id}`;
}
