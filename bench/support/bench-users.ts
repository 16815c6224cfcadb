/**
 * The people who sign in. The first account is created the way an admin would —
 * `node src/admin/cli.ts user create`, password on stdin — so it is hashed by Vigil's own code
 * with PASSWORD_HASH_PARAMS. The others are copies of that record with their own id, username
 * and e-mail, written directly to the users collection (and their logins to the login index):
 * same password, same hash, same cost (the brief allows creating bench users directly with the
 * same hash parameters; one CLI run per user would take minutes).
 */
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { emailKeyFor } from '../../src/users/user.ts';
import { UserLogin, type UserLoginRecord } from '../../src/users/user-login.ts';
import { loginsOf } from '../../src/users/login-index.ts';
import { addressFor, type Person } from '../flow/person.ts';
import { runAdminCli } from './admin-cli.ts';
import { databaseAt } from './database-connections.ts';

export interface BenchPeople {
  people: Person[];
  /** The argon2id hash every bench user has (Vigil's own, from the admin CLI). */
  passwordHash: string;
}

export async function createBenchPeople(options: { databaseUri: string; configDir: string; count: number }): Promise<BenchPeople> {
  const password = `bench-${randomBytes(12).toString('base64url')}-walrus`;
  const usernames = Array.from({ length: options.count }, (_, index) => `bench${index + 1}`);
  const [first, ...rest] = usernames;
  if (!first) throw new Error('at least one bench user is needed');
  await runAdminCli(options, ['user', 'create', first, '--name', 'Bench User', '--email', `${first}@bench.test`, '--json'], `${password}\n`);
  const db = await databaseAt(options.databaseUri);
  const users = db.collection<Record<string, unknown>>('users');
  const template = await users.findOne({ username: first });
  if (!template || typeof template.passwordHash !== 'string') throw new Error(`the admin CLI did not store user ${first}`);
  if (rest.length > 0) {
    const copies = rest.map((username) => {
      const email = `${username}@bench.test`;
      return { ...template, _id: new mongoose.Types.ObjectId(), username, email, emailKey: emailKeyFor(username, email) };
    });
    // Each copy's logins too, as createUser would have claimed them (src/users/login-index.ts).
    const now = new Date();
    await db.collection<UserLoginRecord>(UserLogin.collection.collectionName)
      .insertMany(copies.flatMap((copy) => loginsOf(copy).map(({ key }) => ({ _id: key, userId: copy._id, createdAt: now }))));
    await users.insertMany(copies);
  }
  return {
    people: usernames.map((username, index) => ({ username, password, ip: addressFor(index), cookies: [] })),
    passwordHash: template.passwordHash,
  };
}
