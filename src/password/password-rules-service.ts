/**
 * Applies the password rules (src/password/password-rules.ts) to one user: their identifiers, the
 * service name, whether the password is their only factor, the breached corpus from CONFIG_DIR.
 * Returns the user-facing reason as catalogue text.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadBreachedCorpus, type BreachedCorpus, DEFAULT_BREACHED_PASSWORDS_FILE } from './breached-passwords.ts';
import { verifyPassword } from './password-hash.ts';
import { checkNewPassword, DEFAULT_PASSWORD_POLICY } from './password-rules.ts';
import { isTextId, text } from '../text/catalogue.ts';

export type PasswordCheck = { ok: true } | { ok: false; code: string; message: string };

const corpora = new Map<string, Promise<BreachedCorpus>>();

export function breachedCorpus(configDir: string): Promise<BreachedCorpus> {
  const configured = join(configDir, 'breached-passwords.txt');
  const file = existsSync(configured) ? configured : DEFAULT_BREACHED_PASSWORDS_FILE;
  let corpus = corpora.get(file);
  if (!corpus) {
    corpus = loadBreachedCorpus(file);
    corpora.set(file, corpus);
  }
  return corpus;
}

export async function checkPasswordForUser(password: string, user: { username: string; email?: string; passwordHash?: string },
  options: { configDir: string; serviceName: string; onlyFactor: boolean }): Promise<PasswordCheck> {
  const currentHash = user.passwordHash;
  const result = await checkNewPassword(password, {
    ...DEFAULT_PASSWORD_POLICY,
    username: user.username,
    email: user.email,
    serviceName: options.serviceName,
    onlyFactor: options.onlyFactor,
    corpus: await breachedCorpus(options.configDir),
    isCurrentPassword: currentHash ? (candidate) => verifyPassword(currentHash, candidate) : undefined,
  });
  if (result.ok) return { ok: true };
  const params: Record<string, string | number> = { ...result.params };
  if (typeof params.field === 'string') {
    const fieldId = `password.field.${params.field}`;
    params.field = isTextId(fieldId) ? text(fieldId) : params.field;
  }
  const message = isTextId(result.messageId) ? text(result.messageId, params) : result.messageId;
  return { ok: false, code: result.code, message };
}
