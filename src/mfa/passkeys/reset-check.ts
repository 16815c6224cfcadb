/**
 * A passkey as the MFA proof of a password reset (README.md, "Self-service password reset"): the
 * answer to the reset's own challenge (bound to its flow, single use) counts only when the
 * passkey is the account's; each try counts against the reset's limits like a code.
 */
import { verifyAuthentication } from './authentication.ts';
import type { RelyingParty } from './relying-party.ts';

export async function passkeyResetMatches(input: { userId: string; assertion: string; now: Date; boundTo: string; rp: RelyingParty }): Promise<boolean> {
  const result = await verifyAuthentication({ rp: input.rp, userId: null, boundTo: input.boundTo, response: input.assertion, now: input.now });
  return result.ok && result.passkey.userId === input.userId;
}
