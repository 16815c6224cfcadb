/**
 * The development outbox: each message becomes one .eml file (openable in any mail client).
 * Names start with a UTC timestamp so `ls` lists them in the order they were sent.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

let sequence = 0;

/** `20260105T090000123Z-000001-9f3a1c.eml`; the sequence orders files written in the same millisecond. */
export function outboxFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  sequence = (sequence + 1) % 1_000_000;
  return `${stamp}-${String(sequence).padStart(6, '0')}-${randomBytes(3).toString('hex')}.eml`;
}

/** Writes the message and returns its path. Owner-only permissions: the files hold sign-in codes. */
export async function writeOutboxFile(dir: string, message: Buffer, now: Date = new Date()): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, outboxFileName(now));
  // 'wx' so a name collision fails loudly instead of overwriting an earlier message.
  await writeFile(path, message, { mode: 0o600, flag: 'wx' });
  return path;
}
