/**
 * Settings from the environment, read and validated once at boot. Every variable is documented
 * in README.md ("Configuration"). Production (NODE_ENV=production) refuses development secrets.
 */
import { resolve } from 'node:path';
import { DEVELOPMENT_KEY_ID, developmentKeyRingText } from '../crypto/secret-box.ts';
import { ConfigError } from './config-error.ts';
import type { MfaStrength } from '../mfa/method-names.ts';

export interface Settings {
  production: boolean;
  port: number;
  issuer: string;
  mongodbUri: string | undefined;
  configDir: string;
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  /** `false`: ignore X-Forwarded-*; `true`: trust any peer; list: trust these proxies only. */
  trustProxy: boolean | string[];
  cookieKeys: string[];
  /** `kid:base64key,…`, first active; encrypts TOTP secrets at rest. */
  encryptionKeys: string;
  /** Keys one-time-code hashes (e-mailed codes are only 6 digits, so the hash must be keyed). */
  codePepper: string;
  /** Optional JWKS (private keys) file; otherwise keys are generated once and kept in MongoDB. */
  jwksFile: string | undefined;
  logLevel: string;
  policyPollMs: number;
  /** Where GET /metrics listens (METRICS_PORT; undefined: metrics off) and on which address. */
  metricsPort: number | undefined;
  /** Members of this group may sign in to the admin console (/admin), with MFA. */
  adminGroup: string;
  /** The MFA strength the admin console demands (ADMIN_MFA_STRENGTH; unset: phishing-resistant). */
  adminMfaStrength: MfaStrength;
  metricsHost: string;
}

export const DEV_COOKIE_KEY = 'vigil-development-cookie-key-change-me';
export const DEV_ENCRYPTION_KEYS = developmentKeyRingText();
export const DEV_CODE_PEPPER = 'vigil-development-code-pepper';

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return list(value);
}

function parsePort(value: string | undefined, fallback: number, name = 'PORT'): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(name, '', `"${value}" is not a port number`);
  return port;
}

const STRENGTHS: readonly MfaStrength[] = ['phishingResistant', 'mfa'];

/** Security settings fail closed: unset is the strongest, anything unknown is refused. */
function parseStrength(value: string | undefined, name: string): MfaStrength {
  if (value === undefined || value === '') return 'phishingResistant';
  const strength = STRENGTHS.find((known) => known === value);
  if (!strength) throw new ConfigError(name, '', `"${value}" is not one of ${STRENGTHS.join(', ')}`);
  return strength;
}

function parseIssuer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('ISSUER', '', `"${value}" is not a URL`);
  }
  if (url.search || url.hash) throw new ConfigError('ISSUER', '', 'must not have a query or fragment');
  return value.replace(/\/$/, '');
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const production = env.NODE_ENV === 'production';
  const port = parsePort(env.PORT, 3000);
  const settings: Settings = {
    production,
    port,
    issuer: parseIssuer(env.ISSUER ?? `http://localhost:${port}`),
    mongodbUri: env.MONGODB_URI || undefined,
    configDir: resolve(env.CONFIG_DIR ?? 'config'),
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Vigil <no-reply@localhost>',
    outboxDir: resolve(env.OUTBOX_DIR ?? 'outbox'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    cookieKeys: list(env.COOKIE_KEYS).length ? list(env.COOKIE_KEYS) : [DEV_COOKIE_KEY],
    encryptionKeys: env.ENCRYPTION_KEYS ?? DEV_ENCRYPTION_KEYS,
    codePepper: env.CODE_PEPPER ?? DEV_CODE_PEPPER,
    jwksFile: env.JWKS_FILE || undefined,
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'info'),
    policyPollMs: Number(env.POLICY_POLL_MS ?? 5000),
    metricsPort: env.METRICS_PORT ? parsePort(env.METRICS_PORT, 0, 'METRICS_PORT') : undefined,
    adminGroup: env.ADMIN_GROUP?.trim() || 'vigil-admins',
    adminMfaStrength: parseStrength(env.ADMIN_MFA_STRENGTH, 'ADMIN_MFA_STRENGTH'),
    metricsHost: env.METRICS_HOST || '127.0.0.1',
  };
  if (production) refuseDevelopmentSecrets(settings);
  return settings;
}

function refuseDevelopmentSecrets(settings: Settings): void {
  if (settings.cookieKeys.includes(DEV_COOKIE_KEY)) {
    throw new ConfigError('COOKIE_KEYS', '', 'must be set in production (comma-separated random secrets, newest first)');
  }
  if (settings.cookieKeys.some((key) => key.length < 32)) {
    throw new ConfigError('COOKIE_KEYS', '', 'each key must be at least 32 characters');
  }
  if (settings.encryptionKeys.includes(DEVELOPMENT_KEY_ID)) {
    throw new ConfigError('ENCRYPTION_KEYS', '', 'must be set in production (kid:base64-32-byte-key, newest first)');
  }
  if (settings.codePepper === DEV_CODE_PEPPER || settings.codePepper.length < 32) {
    throw new ConfigError('CODE_PEPPER', '', 'must be set in production (at least 32 random characters)');
  }
  if (!settings.mongodbUri) {
    throw new ConfigError('MONGODB_URI', '', 'must be set in production (the embedded database is for development)');
  }
}
