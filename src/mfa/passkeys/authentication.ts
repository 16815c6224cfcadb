/**
 * Verifying a passkey: options (a single-use challenge bound to the session, and to the user
 * when Vigil knows who is signing in, listing their credentials), then the assertion checked
 * against that challenge, the ISSUER's origin and RP ID, and the stored public key.
 *
 * Signature counters: an authenticator that keeps one must show a higher value each time. A
 * value that does not increase where one was kept means two copies of the key exist (a cloned
 * authenticator): the assertion is refused with `CLONED`, and the caller reports it (a risk
 * detection, once the sign-in uses passkeys). The check runs only after the signature is good,
 * so nobody can report a clone without holding the key.
 */
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON, type AuthenticatorTransport, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { issueChallenge } from './challenge.ts';
import { isDeviceBound } from './device-bound.ts';
import { Passkey, type PasskeyRecord } from './passkey.ts';
import type { RelyingParty } from './relying-party.ts';
import { receiveCredential, verdictOf } from './response.ts';
import { findPasskey, passkeysOf } from './store.ts';

export interface AuthenticationStart {
  rp: RelyingParty;
  /** The user signing in, or null for a discoverable credential (the browser picks the user). */
  userId: string | null;
  boundTo: string;
  now: Date;
  /**
   * `required` for a passwordless sign-in, where the passkey is both factors (possession and the
   * user's PIN or biometrics); `preferred` (the default) where it is the second factor.
   */
  userVerification?: 'required' | 'preferred';
  /** Only device-bound keys are offered and accepted (an essential `phrh`: device-bound.ts). */
  deviceBoundOnly?: boolean;
}

export async function authenticationOptions(start: AuthenticationStart): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const challenge = await issueChallenge({ purpose: 'authenticate', userId: start.userId, boundTo: start.boundTo }, start.now);
  const allowed = (start.userId ? await passkeysOf(start.userId) : []).filter((passkey) => !start.deviceBoundOnly || isDeviceBound(passkey));
  return generateAuthenticationOptions({
    rpID: start.rp.id,
    challenge: isoBase64URL.toBuffer(challenge),
    userVerification: start.userVerification ?? 'preferred',
    allowCredentials: allowed.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransport[] })),
  });
}

export interface AuthenticationFinish extends AuthenticationStart {
  /** The browser's response, as JSON text from the form. */
  response: unknown;
}

export type AuthenticationResult =
  | { ok: true; passkey: PasskeyRecord; userVerified: boolean }
  | { ok: false; reason: 'INVALID' | 'CHALLENGE' | 'UNKNOWN' }
  /** A good signature with a counter that did not increase: report it as a risk detection. */
  | { ok: false; reason: 'CLONED'; passkey: PasskeyRecord; counter: number };

/** A good assertion not yet written down: the counter and flags to store once the sign-in goes on. */
export type CheckedAssertion =
  | { ok: true; passkey: PasskeyRecord; userVerified: boolean; counter: number; backedUp: boolean }
  | Exclude<AuthenticationResult, { ok: true }>;

/**
 * Checks an assertion and writes nothing but the spent challenge: a caller that still decides
 * (the passwordless sign-in's throttle and disabled account) stores the use with recordPasskeyUse
 * only once the sign-in goes on, so a refused sign-in leaves the key's counter and last use alone.
 */
export async function checkAssertion(finish: AuthenticationFinish): Promise<CheckedAssertion> {
  const received = await receiveCredential<AuthenticationResponseJSON>(finish.response, 'authenticatorData', { purpose: 'authenticate', userId: finish.userId, boundTo: finish.boundTo }, finish.now);
  if (!received.ok) return received;
  const response = received.response;
  const passkey = await findPasskey(response.id);
  // The same answer for a credential nobody has and one of another user: nothing to learn.
  if (!passkey || (finish.userId !== null && passkey.userId !== finish.userId)) return { ok: false, reason: 'UNKNOWN' };
  // A synced key where a device-bound one is demanded is one the options did not list.
  if (finish.deviceBoundOnly && !isDeviceBound(passkey)) return { ok: false, reason: 'UNKNOWN' };
  const handle = response.response.userHandle;
  if (handle && handle !== isoBase64URL.fromUTF8String(passkey.userId)) return { ok: false, reason: 'UNKNOWN' };
  const verified = await verdictOf(() => verifyAuthenticationResponse({
    response,
    expectedChallenge: received.challenge,
    expectedOrigin: finish.rp.origin,
    expectedRPID: finish.rp.id,
    // The counter is compared below, after the signature, so a clone is told apart from a forgery.
    credential: { id: passkey.credentialId, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: 0, transports: passkey.transports as AuthenticatorTransport[] },
    requireUserVerification: finish.userVerification === 'required',
  }));
  if (!verified) return { ok: false, reason: 'INVALID' };
  const counter = verified.authenticationInfo.newCounter;
  if ((passkey.counter > 0 || counter > 0) && counter <= passkey.counter) return { ok: false, reason: 'CLONED', passkey, counter };
  return { ok: true, passkey, userVerified: verified.authenticationInfo.userVerified, counter, backedUp: verified.authenticationInfo.credentialBackedUp };
}

/** Stores a checked assertion's use: the new counter (the next one must be higher), when, and the backup flag. */
export async function recordPasskeyUse(checked: Extract<CheckedAssertion, { ok: true }>, now: Date): Promise<Extract<AuthenticationResult, { ok: true }>> {
  const { passkey, counter, backedUp } = checked;
  await Passkey.updateOne({ _id: passkey._id }, { $set: { counter, lastUsedAt: now, backedUp } });
  return { ok: true, passkey: { ...passkey, counter, lastUsedAt: now }, userVerified: checked.userVerified };
}

/** Checks an assertion and, when good, stores its use at once (where nothing is left to decide). */
export async function verifyAuthentication(finish: AuthenticationFinish): Promise<AuthenticationResult> {
  const checked = await checkAssertion(finish);
  return checked.ok ? recordPasskeyUse(checked, finish.now) : checked;
}
