import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClients } from '../../../src/config/clients.ts';
import { ConfigError } from '../../../src/config/config-error.ts';
import { loadSettings } from '../../../src/config/env.ts';
import { resolveClientIp } from '../../../src/http/client-ip.ts';

function clientsError(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigError {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-clients-'));
  writeFileSync(join(dir, 'clients.yaml'), yaml);
  try {
    loadClients(dir, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const PRODUCTION = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db/vigil',
  COOKIE_KEYS: 'k'.repeat(40),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  CODE_PEPPER: 'p'.repeat(40),
};

describe('settings', () => {
  it('uses the documented defaults in development', () => {
    const settings = loadSettings({});
    expect(settings.port).toBe(3000);
    expect(settings.issuer).toBe('http://localhost:3000');
    expect(settings.trustProxy).toBe(false);
    expect(settings.mongodbUri).toBeUndefined();
  });

  it('refuses development secrets and the embedded database in production', () => {
    expect(() => loadSettings(PRODUCTION)).not.toThrow();
    for (const missing of ['COOKIE_KEYS', 'ENCRYPTION_KEYS', 'CODE_PEPPER', 'MONGODB_URI'] as const) {
      const env: NodeJS.ProcessEnv = { ...PRODUCTION };
      delete env[missing];
      expect(() => loadSettings(env), missing).toThrow(new RegExp(missing));
    }
    expect(() => loadSettings({ ...PRODUCTION, COOKIE_KEYS: 'short' })).toThrow(/at least 32/);
  });

  it('rejects a bad port or issuer with the variable named', () => {
    expect(() => loadSettings({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadSettings({ ISSUER: 'not a url' })).toThrow(/ISSUER/);
    expect(() => loadSettings({ ISSUER: 'https://id.example.com/?x=1' })).toThrow(/query/);
  });

  it('reads TRUST_PROXY as false, true or a list of proxies', () => {
    expect(loadSettings({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadSettings({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
  });
});

describe('client IP behind proxies', () => {
  it('ignores X-Forwarded-For unless trusted', () => {
    expect(resolveClientIp('198.51.100.7', '203.0.113.9', false)).toBe('198.51.100.7');
    expect(resolveClientIp('::ffff:198.51.100.7', undefined, true)).toBe('198.51.100.7');
    expect(resolveClientIp('10.0.0.1', '203.0.113.9, 10.0.0.2', true)).toBe('203.0.113.9');
  });

  it('with a proxy list, takes the nearest address that is not one of our proxies', () => {
    expect(resolveClientIp('10.0.0.1', '1.2.3.4, 203.0.113.9, 10.0.0.2', ['10.0.0.1', '10.0.0.2'])).toBe('203.0.113.9');
  });
});

describe('clients.yaml', () => {
  it('names the file, the path and the reason', () => {
    const noSecret = clientsError('- client_id: web\n  redirect_uris: [https://app.example/cb]\n');
    expect(noSecret.source).toMatch(/clients\.yaml$/);
    expect(noSecret.path).toBe('[0].client_secret');
    expect(clientsError('- client_id: spa\n  token_endpoint_auth_method: none\n  client_secret: abcdefghijklmnopqrstuvwxyz\n  redirect_uris: [https://app.example/cb]\n').reason).toMatch(/public client/);
    expect(clientsError('- client_id: web\n  client_secret: abcdefghijklmnopqrstuvwxyz\n').path).toBe('[0].redirect_uris');
    expect(clientsError('- client_id: web\n  client_secret: abcdefghijklmnopqrstuvwxyz\n  redirect_uris: [not-a-url]\n').path).toBe('[0].redirect_uris[0]');
    const twice = '- client_id: a\n  client_secret: abcdefghijklmnopqrstuvwxyz\n  grant_types: [client_credentials]\n';
    expect(clientsError(twice + twice).reason).toMatch(/duplicate client_id/);
  });

  it('replaces ${NAME} with the environment variable, and says which one is missing', () => {
    const yaml = '- client_id: svc\n  client_secret: ${SVC_SECRET}\n  grant_types: [client_credentials]\n';
    expect(clientsError(yaml).reason).toMatch(/SVC_SECRET is not set/);
    const dir = mkdtempSync(join(tmpdir(), 'vigil-clients-'));
    writeFileSync(join(dir, 'clients.yaml'), yaml);
    expect(loadClients(dir, { SVC_SECRET: 'a-secret-from-the-environment' })[0]?.client_secret).toBe('a-secret-from-the-environment');
  });
});
