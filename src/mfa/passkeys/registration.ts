/**
 * Registering a passkey or security key: options (a fresh server-side challenge bound to the
 * user and the session; the user's credentials excluded, so one authenticator is not added
 * twice), then the response verified against that challenge, the ISSUER's origin and RP ID.
 * Attestation is not asked for ('none'): Vigil trusts the user's fresh MFA, not a vendor.
 */
import { generateRegistrationOptions, verifyRegistrationResponse, type AuthenticatorTransport, type PublicKeyCredentialCreationOptionsJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { isDuplicateKeyError } from '../../db/duplicate-key.ts';
import { issueChallenge } from './challenge.ts';
import { Passkey, type PasskeyRecord } from './passkey.ts';
import { SUPPORTED_ALGORITHMS, type RelyingParty } from './relying-party.ts';
import { passkeyId, passkeysOf } from './store.ts';
import { receiveCredential, verdictOf } from './response.ts';

/** Every passkey any user may have: enough for several devices, bounded so a list stays a list. */
export const MAX_PASSKEYS = 20;

export interface RegistrationStart {
  rp: RelyingParty;
  userId: string;
  username: string;
  boundTo: string;
  now: Date;
}

export type RegistrationOptions = { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; reason: 'TOO_MANY' };

export async function registrationOptions(start: RegistrationStart): Promise<RegistrationOptions> {
  const existing = await passkeysOf(start.userId);
  if (existing.length >= MAX_PASSKEYS) return { ok: false, reason: 'TOO_MANY' };
  const challenge = await issueChallenge({ purpose: 'register', userId: start.userId, boundTo: start.boundTo }, start.now);
  const options = await generateRegistrationOptions({
    rpName: start.rp.name,
    rpID: start.rp.id,
    userName: start.username,
    userID: isoBase64URL.toBuffer(isoBase64URL.fromUTF8String(start.userId)),
    challenge: isoBase64URL.toBuffer(challenge),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  return { ok: true, options };
}

export interface RegistrationFinish {
  rp: RelyingParty;
  userId: string;
  boundTo: string;
  name: string;
  /** The browser's response, as JSON text from the form. */
  response: unknown;
  now: Date;
}

export type RegistrationResult = { ok: true; passkey: PasskeyRecord } | { ok: false; reason: 'INVALID' | 'CHALLENGE' | 'ALREADY_REGISTERED' | 'TOO_MANY' };

export async function verifyRegistration(finish: RegistrationFinish): Promise<RegistrationResult> {
  const received = await receiveCredential<RegistrationResponseJSON>(finish.response, 'attestationObject', { purpose: 'register', userId: finish.userId, boundTo: finish.boundTo }, finish.now);
  if (!received.ok) return received;
  const verified = await verdictOf(() => verifyRegistrationResponse({
    response: received.response,
    expectedChallenge: received.challenge,
    expectedOrigin: finish.rp.origin,
    expectedRPID: finish.rp.id,
    requireUserVerification: false,
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  }));
  if (!verified?.registrationInfo) return { ok: false, reason: 'INVALID' };
  if ((await passkeysOf(finish.userId)).length >= MAX_PASSKEYS) return { ok: false, reason: 'TOO_MANY' };
  const info = verified.registrationInfo;
  const record: PasskeyRecord = {
    _id: passkeyId(info.credential.id),
    userId: finish.userId,
    name: finish.name,
    credentialId: info.credential.id,
    publicKey: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    createdAt: finish.now,
  };
  try {
    await Passkey.create(record);
  } catch (error) {
    // One credential, one owner: the unique `_id` refuses it a second time, for anyone.
    if (isDuplicateKeyError(error)) return { ok: false, reason: 'ALREADY_REGISTERED' };
    throw error;
  }
  return { ok: true, passkey: record };
}
