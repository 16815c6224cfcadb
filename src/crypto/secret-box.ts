/**
 * Encryption at rest for secrets we must be able to read back (TOTP seeds, for instance):
 * AES-256-GCM with a fresh random 96-bit IV per value and a key ring for rotation.
 *
 * Sealed format: `v1.<kid>.<iv>.<tag>.<ciphertext>` (each binary part base64url). The header
 * `v1.<kid>` and an optional caller-supplied context are bound in as additional authenticated
 * data, so a value cannot be relabelled to another key, version or record without failing the
 * tag check. The first key in the ring seals; every key in the ring opens, so keys can be
 * rotated by prepending a new one and resealing values for which `needsReseal` is true.
 *
 * Anything that does not open cleanly (unknown kid, tampering, wrong context, garbage) throws:
 * a stored secret that fails to decrypt is corruption or an attack, never an expected outcome.
 */
import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

export interface KeyRing {
  /** Key id used to seal new values: the first key listed. */
  readonly activeKid: string;
  /** Key ids in the order they were listed. KeyObjects, so a stray log line cannot print key bytes. */
  readonly keys: ReadonlyMap<string, KeyObject>;
}

export interface SecretBox {
  /** Encrypts with the active key. `context` (e.g. `totp:<userId>`) must be given again to open. */
  seal(plaintext: string, context?: string): string;
  /** Decrypts; throws SecretBoxError on an unknown key id, a malformed value or any tampering. */
  open(sealed: string, context?: string): string;
  /** True when the value was sealed with an older key or format and should be sealed again. */
  needsReseal(sealed: string): boolean;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

/**
 * Parses `kid:BASE64KEY,kid2:BASE64KEY` (standard or url-safe base64, whitespace around entries
 * ignored). The first entry is the active key. Errors name the key id, never the key material.
 */
export function parseKeyRing(text: string): KeyRing {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new Error('Secret box key ring is empty: expected "kid:base64key[,kid:base64key…]"');
  const keys = new Map<string, KeyObject>();
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new Error(`Secret box key ring entry #${index + 1} has no "kid:" prefix`);
    const kid = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!KID_PATTERN.test(kid)) {
      throw new Error(`Secret box key id "${kid}" is invalid: use 1-64 letters, digits, "_" or "-"`);
    }
    if (keys.has(kid)) throw new Error(`Secret box key id "${kid}" appears more than once`);
    if (!BASE64_PATTERN.test(encoded)) throw new Error(`Secret box key "${kid}" is not valid base64`);
    const bytes = Buffer.from(encoded.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    if (bytes.length !== KEY_BYTES) {
      throw new Error(`Secret box key "${kid}" must be exactly ${KEY_BYTES} bytes, got ${bytes.length}`);
    }
    keys.set(kid, createSecretKey(bytes));
    bytes.fill(0);
  }
  return { activeKid: entries[0]!.slice(0, entries[0]!.indexOf(':')).trim(), keys };
}

export function createSecretBox(ring: KeyRing): SecretBox {
  if (!ring.keys.has(ring.activeKid)) throw new Error(`Secret box active key "${ring.activeKid}" is not in the ring`);

  return {
    seal(plaintext, context = '') {
      const kid = ring.activeKid;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyFor(ring, kid), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(VERSION, kid, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, kid, b64u(iv), b64u(tag), b64u(ciphertext)].join('.');
    },

    open(sealed, context = '') {
      const parts = parseSealed(sealed);
      const key = ring.keys.get(parts.kid);
      if (!key) throw new SecretBoxError(`Sealed value uses unknown key id "${parts.kid}"`);
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(parts.version, parts.kid, context));
      decipher.setAuthTag(parts.tag);
      try {
        return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError('Sealed value failed authentication (tampered, wrong key or wrong context)');
      }
    },

    needsReseal(sealed) {
      const parts = parseSealed(sealed);
      return parts.version !== VERSION || parts.kid !== ring.activeKid;
    },
  };
}

/** Key id of the development key. Production configuration must refuse a ring that contains it. */
export const DEVELOPMENT_KEY_ID = 'dev-insecure-do-not-use';

/**
 * A fixed, publicly known key ring for local development only, so a dev database survives
 * restarts without configuration. Everything sealed with it is effectively plaintext.
 */
export function developmentKeyRingText(): string {
  const key = createHash('sha256').update('vigil development secret-box key - public, never use in production').digest();
  return `${DEVELOPMENT_KEY_ID}:${key.toString('base64')}`;
}

export function isDevelopmentKeyRing(ring: KeyRing): boolean {
  return ring.keys.has(DEVELOPMENT_KEY_ID);
}

interface SealedParts {
  version: string;
  kid: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseSealed(sealed: string): SealedParts {
  const parts = sealed.split('.');
  if (parts.length !== 5) throw new SecretBoxError('Sealed value is malformed');
  const [version, kid, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new SecretBoxError(`Sealed value has unsupported format "${version}"`);
  if (!KID_PATTERN.test(kid)) throw new SecretBoxError('Sealed value has a malformed key id');
  if (![iv, tag, ciphertext].every((part) => BASE64URL_PATTERN.test(part))) {
    throw new SecretBoxError('Sealed value is not base64url');
  }
  const parsed = { version, kid, iv: fromB64u(iv), tag: fromB64u(tag), ciphertext: fromB64u(ciphertext) };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SecretBoxError('Sealed value has a malformed IV or tag');
  }
  return parsed;
}

function keyFor(ring: KeyRing, kid: string): KeyObject {
  const key = ring.keys.get(kid);
  if (!key) throw new Error(`Secret box key "${kid}" is not in the ring`);
  return key;
}

function additionalData(version: string, kid: string, context: string): Buffer {
  return Buffer.from(`${version}.${kid}\0${context}`, 'utf8');
}

function b64u(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function fromB64u(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}
