/**
 * A passkey as the MFA proof of a password reset (README.md, "Self-service password reset"). The
 * challenge is single use and bound to this reset flow; the options are the same for every name
 * typed (no list of the account's credentials: the browser offers its discoverable passkeys), so
 * they never tell whether an account exists or has a passkey. The answer counts only when the
 * passkey is the account's, and each try counts against the reset's limits like a code.
 */
import { verifyAuthentication } from '../../mfa/passkeys/authentication.ts';
import type { RelyingParty } from '../../mfa/passkeys/relying-party.ts';
import type { ResetFlowRecord } from './reset-flow-record.ts';

export function resetBinding(flow: Pick<ResetFlowRecord, '_id'>): string {
  return `reset:${flow._id}`;
}

/** Whether the assertion answers this flow's challenge with one of the account's passkeys. */
export async function passkeyMatches(flow: ResetFlowRecord, userId: string, assertion: string, now: Date, rp: RelyingParty): Promise<boolean> {
  const result = await verifyAuthentication({ rp, userId: null, boundTo: resetBinding(flow), response: assertion, now });
  return result.ok && result.passkey.userId === userId;
}
