/**
 * Gives every bench user an authenticator app. The record is what Vigil's registration stores
 * for a confirmed app — the secret sealed with the instance's ENCRYPTION_KEYS for that user —
 * written directly, as the bench users themselves are (bench-users.ts): registering 1,000 apps
 * through the wizard would measure the wizard, not the sign-in. The driver keeps each secret to
 * answer the one-time-code page like the app would.
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { createSecretBox, parseKeyRing } from '../../src/crypto/secret-box.ts';
import { generateTotpSecret } from '../../src/mfa/totp/totp.ts';
import { authenticatorId } from '../../src/mfa/authenticator-store.ts';
import { totpContext } from '../../src/mfa/verify-second-factor.ts';
import type { Person } from '../flow/person.ts';
import { databaseAt } from './database-connections.ts';
import { BENCH_ENCRYPTION_KEYS } from './vigil-process.ts';

export async function registerTotpApps(databaseUri: string, people: Person[]): Promise<void> {
  const db = await databaseAt(databaseUri);
  const box = createSecretBox(parseKeyRing(BENCH_ENCRYPTION_KEYS));
  const users = await db.collection<{ _id: mongoose.Types.ObjectId; username: string }>('users')
    .find({ username: { $in: people.map((person) => person.username) } }, { projection: { username: 1 } }).toArray();
  const idOf = new Map(users.map((user) => [user.username, user._id.toString()]));
  const now = new Date();
  const records = people.map((person) => {
    const userId = idOf.get(person.username);
    if (!userId) throw new Error(`bench user ${person.username} is not in the database`);
    const secret = generateTotpSecret();
    person.totpSecret = secret;
    return {
      _id: authenticatorId(userId, 'totp'), instance: randomBytes(9).toString('base64url'), userId, type: 'totp',
      createdAt: now, sealedSecret: box.seal(secret, totpContext(userId)), consecutiveFailures: 0, permanentlyLocked: false,
    };
  });
  const methods = db.collection<{ _id: string }>('authenticators');
  await methods.deleteMany({ _id: { $in: records.map((record) => record._id) } });
  await methods.insertMany(records);
}
