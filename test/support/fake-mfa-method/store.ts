/** The fake PIN method's own tiny store: one PIN per user, `_id` the user's id (read by `_id`, as FerretDB likes). */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';

export interface PinRecord {
  _id: string;
  hash: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

function pins() {
  return mongoose.connection.collection<PinRecord>('fake_mfa_pins');
}

export function hashPin(pin: string): string {
  return createHash('sha256').update(`fake-pin:${pin}`).digest('hex');
}

export function pinOf(userId: string): Promise<PinRecord | null> {
  return pins().findOne({ _id: userId });
}

export async function putPin(userId: string, pin: string, now: Date): Promise<void> {
  await pins().replaceOne({ _id: userId }, { hash: hashPin(pin), createdAt: now }, { upsert: true });
}

export async function markPinUsed(userId: string, now: Date): Promise<void> {
  await pins().updateOne({ _id: userId }, { $set: { lastUsedAt: now } });
}

/** How many PINs were removed (0 or 1). */
export async function removePin(userId: string): Promise<number> {
  return (await pins().deleteOne({ _id: userId })).deletedCount;
}
