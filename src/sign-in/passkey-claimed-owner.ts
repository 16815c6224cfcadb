/**
 * Whose sign-in a refused passkey assertion was, for the record only: the account of the
 * credential it names (and whose user handle it carries, when it carries one), as a typed
 * username names an account on a wrong password. Nothing here is trusted — the assertion was not
 * verified — and nothing of it reaches the browser, whose answer is the same either way.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { parseCredentialJson } from '../mfa/passkeys/response.ts';
import { findPasskey } from '../mfa/passkeys/store.ts';
import { findUserById } from '../users/lookup.ts';
import type { UserRecord } from '../users/user.ts';

export async function claimedOwner(assertion: unknown): Promise<UserRecord | null> {
  const credential = parseCredentialJson<AuthenticationResponseJSON>(assertion, 'authenticatorData');
  if (!credential || credential.id.length > 1_024) return null;
  const passkey = await findPasskey(credential.id);
  if (!passkey) return null;
  const handle = credential.response.userHandle;
  if (handle && handle !== isoBase64URL.fromUTF8String(passkey.userId)) return null;
  return findUserById(passkey.userId);
}
