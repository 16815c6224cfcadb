/**
 * A fresh database for one test file on the server that global-setup started (or MONGODB_URI).
 */
import { randomBytes } from 'node:crypto';

export function testDatabaseUri(label: string): string {
  const base = process.env.VIGIL_TEST_MONGODB_BASE;
  if (!base) throw new Error('VIGIL_TEST_MONGODB_BASE is not set: run tests through vitest (global-setup)');
  const url = new URL(base);
  const name = `t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  url.pathname = `/${name}`;
  return url.toString();
}
