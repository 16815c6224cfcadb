/** A user's passkeys: list, find by credential, rename, remove. */
import { createHash } from 'node:crypto';
import { Passkey, type PasskeyRecord } from './passkey.ts';

export const MAX_NAME_LENGTH = 60;

export function passkeyId(credentialId: string): string {
  return createHash('sha256').update(credentialId).digest('base64url');
}

/** The name as stored: trimmed, control characters out, bounded; empty falls back. */
export function cleanName(name: unknown, fallback: string): string {
  const cleaned = typeof name === 'string' ? name.replace(/\p{Cc}/gu, ' ').trim().slice(0, MAX_NAME_LENGTH) : '';
  return cleaned || fallback;
}

/** Oldest first. */
export async function passkeysOf(userId: string): Promise<PasskeyRecord[]> {
  return Passkey.find({ userId }).sort({ createdAt: 1 }).lean<PasskeyRecord[]>();
}

export async function findPasskey(credentialId: string): Promise<PasskeyRecord | null> {
  return Passkey.findById(passkeyId(credentialId)).lean<PasskeyRecord>();
}

/** The user's passkey by its `_id`, or null if it is not theirs. */
export async function passkeyOfUser(userId: string, id: string): Promise<PasskeyRecord | null> {
  const found = await Passkey.findById(id).lean<PasskeyRecord>();
  return found && found.userId === userId ? found : null;
}

export async function renamePasskey(userId: string, id: string, name: string): Promise<boolean> {
  return (await Passkey.updateOne({ _id: id, userId }, { $set: { name } })).matchedCount === 1;
}

export async function removePasskey(userId: string, id: string): Promise<boolean> {
  return (await Passkey.deleteOne({ _id: id, userId })).deletedCount === 1;
}

export async function removeAllPasskeys(userId: string): Promise<number> {
  return (await Passkey.deleteMany({ userId })).deletedCount;
}
