/**
 * A software WebAuthn authenticator for tests: ES256 keys from node:crypto, attestation 'none',
 * and assertions with a signature counter the test controls (to play a cloned key). It answers
 * the options Vigil sends with the JSON @simplewebauthn/browser would post.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

export interface SoftwareCredential {
  id: string;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
}

type CborValue = Parameters<typeof isoCBOR.encode>[0];

interface CreationOptions { challenge: string; rp: { id?: string }; user: { id: string } }
interface RequestOptions { challenge: string; rpId?: string }

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;
/** Backup eligible, backed up. */
const BE_BS = 0x08 | 0x10;

function b64url(bytes: Uint8Array | string): string {
  return Buffer.from(bytes).toString('base64url');
}

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function counterBytes(counter: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(counter);
  return bytes;
}

export class SoftwareAuthenticator {
  readonly origin: string;
  /** Whether it claims to have verified the user (PIN, biometrics). */
  userVerified = true;
  /** Counters start here; 0 plays an authenticator that keeps none. */
  startCounter = 1;
  /** Plays a synced passkey (backup eligible and backed up: a cloud keychain, not one device). */
  synced = false;

  constructor(origin: string) {
    this.origin = origin;
  }

  #clientData(type: string, challenge: string, origin: string): string {
    return b64url(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new credential and the JSON to post. */
  create(options: CreationOptions, origin = this.origin): { credential: SoftwareCredential; json: string } {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const credentialId = randomBytes(32);
    const cose = new Map<number, CborValue>([
      [1, 2], [3, -7], [-1, 1],
      [-2, new Uint8Array(Buffer.from(String(jwk.x), 'base64url'))],
      [-3, new Uint8Array(Buffer.from(String(jwk.y), 'base64url'))],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([UP | AT | (this.userVerified ? UV : 0) | (this.synced ? BE_BS : 0)]), counterBytes(0), Buffer.alloc(16), idLength, credentialId, Buffer.from(isoCBOR.encode(cose))]);
    const attestation = isoCBOR.encode(new Map<string, CborValue>([['fmt', 'none'], ['attStmt', new Map<string, CborValue>()], ['authData', new Uint8Array(authData)]]));
    const id = b64url(credentialId);
    const json = JSON.stringify({
      id, rawId: id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'cross-platform',
      response: { clientDataJSON: this.#clientData('webauthn.create', options.challenge, origin), attestationObject: b64url(attestation), transports: ['usb'] },
    });
    return { credential: { id, privateKey, userHandle: options.user.id, counter: this.startCounter }, json };
  }

  /** navigator.credentials.get(): an assertion by this credential; the counter goes up unless told which to send. */
  get(options: RequestOptions, credential: SoftwareCredential, overrides: { counter?: number; origin?: string } = {}): string {
    const origin = overrides.origin ?? this.origin;
    const counter = overrides.counter ?? credential.counter;
    if (overrides.counter === undefined && credential.counter > 0) credential.counter += 1;
    const rpId = options.rpId ?? new URL(origin).hostname;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([UP | (this.userVerified ? UV : 0) | (this.synced ? BE_BS : 0)]), counterBytes(counter)]);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), credential.privateKey);
    return JSON.stringify({
      id: credential.id, rawId: credential.id, type: 'public-key', clientExtensionResults: {}, authenticatorAttachment: 'cross-platform',
      response: { clientDataJSON, authenticatorData: b64url(authData), signature: b64url(signature), userHandle: credential.userHandle },
    });
  }
}
