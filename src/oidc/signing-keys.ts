/**
 * Token signing keys are created once and kept (encrypted) in MongoDB, so every instance and
 * every restart signs with the same keys; or they are supplied as a JWKS file. Two instances
 * booting at once race on one `_id`: the loser reads the winner's keys.
 */
import { isDuplicateKeyError } from '../db/duplicate-key.ts';
import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { ConfigError } from '../config/config-error.ts';

export interface Sealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export type PrivateJwk = JsonWebKey & { kid: string; alg: string; use: 'sig' };

interface StoredKeys {
  _id: string;
  sealed: string;
  createdAt: Date;
}


export function generateSigningKeys(): PrivateJwk[] {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return [
    { ...rsa, kid: randomUUID(), alg: 'RS256', use: 'sig' },
    { ...ec, kid: randomUUID(), alg: 'ES256', use: 'sig' },
  ];
}

function readJwksFile(file: string): PrivateJwk[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(file, '', `cannot read JWKS (${(error as Error).message})`);
  }
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new ConfigError(file, 'keys', 'must be a non-empty array of private JWKs');
  keys.forEach((key: unknown, index) => {
    if (typeof key !== 'object' || key === null || !('d' in key)) throw new ConfigError(file, `keys[${index}]`, 'must be a private key (with "d")');
  });
  return keys as PrivateJwk[];
}

export async function loadSigningKeys(options: { jwksFile?: string; sealer: Sealer }): Promise<PrivateJwk[]> {
  if (options.jwksFile) return readJwksFile(options.jwksFile);
  const db = mongoose.connection.db;
  if (!db) throw new Error('database not connected');
  const collection = db.collection<StoredKeys>('signing_keys');
  const existing = await collection.findOne({ _id: 'jwks' });
  if (existing) return JSON.parse(options.sealer.open(existing.sealed)) as PrivateJwk[];
  const keys = generateSigningKeys();
  try {
    await collection.insertOne({ _id: 'jwks', sealed: options.sealer.seal(JSON.stringify(keys)), createdAt: new Date() });
    return keys;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const winner = await collection.findOne({ _id: 'jwks' });
    if (!winner) throw error;
    return JSON.parse(options.sealer.open(winner.sealed)) as PrivateJwk[];
  }
}
