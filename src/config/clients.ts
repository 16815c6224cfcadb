/**
 * Relying parties from `clients.yaml`: a list written with the standard OIDC client metadata
 * names. We check what we require (PKCE-capable flows, a secret exactly when the client is
 * confidential) and hand the rest to oidc-provider, which validates the metadata itself.
 * `${NAME}` in the file is replaced by the environment variable NAME so secrets stay out of git.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { parseYamlText } from './yaml-file.ts';

const url = z.url({ message: 'must be an absolute URL' });
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Vigil extension: this client is an API (a resource server, RFC 8707). Apps ask for tokens for
 * it with `resource=<audience>`; it may introspect the tokens whose audience it is, and only
 * those (besides its own).
 */
const resourceServerSchema = z.strictObject({
  audience: url.refine((value) => !value.includes('#'), 'must not contain a fragment (RFC 8707)'),
  scope: z.string().trim().min(1, 'name at least one scope').refine(
    (value) => value.split(/\s+/).every((scope) => scopeToken.test(scope)),
    'space-separated scope names (printable ASCII, no quotes or backslashes)',
  ),
});

const clientSchema = z.looseObject({
  client_id: z.string().min(1).max(200),
  client_secret: z.string().min(16, 'must be at least 16 characters').optional(),
  client_name: z.string().optional(),
  redirect_uris: z.array(url).default([]),
  post_logout_redirect_uris: z.array(url).default([]),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token', 'client_credentials'])).default(['authorization_code', 'refresh_token']),
  response_types: z.array(z.enum(['code'])).default(['code']),
  token_endpoint_auth_method: z.enum(['client_secret_basic', 'client_secret_post', 'none']).default('client_secret_basic'),
  scope: z.string().optional(),
  /** Vigil extension: the organisation's own app, so users are not asked for consent. */
  first_party: z.boolean().default(false),
  /**
   * Vigil extension: PKCE is required of every client; a confidential client may opt out with
   * `require_pkce: false` (its secret still binds the code to it). Public clients never may.
   */
  require_pkce: z.boolean().optional(),
  resource_server: resourceServerSchema.optional(),
}).superRefine((client, ctx) => {
  const isPublic = client.token_endpoint_auth_method === 'none';
  if (isPublic && client.client_secret) {
    ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'a public client (token_endpoint_auth_method: none) must not have a secret' });
  }
  if (!isPublic && !client.client_secret) {
    ctx.addIssue({ code: 'custom', path: ['client_secret'], message: 'required for a confidential client' });
  }
  if (client.grant_types.includes('authorization_code') && client.redirect_uris.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['redirect_uris'], message: 'required for the authorization_code grant' });
  }
  if (isPublic && client.require_pkce === false) {
    ctx.addIssue({ code: 'custom', path: ['require_pkce'], message: 'a public client (token_endpoint_auth_method: none) always needs PKCE: remove require_pkce: false' });
  }
  if (isPublic && client.grant_types.includes('client_credentials')) {
    ctx.addIssue({ code: 'custom', path: ['grant_types'], message: 'client_credentials needs a confidential client' });
  }
  if (isPublic && client.resource_server) {
    ctx.addIssue({ code: 'custom', path: ['resource_server'], message: 'a resource server authenticates to introspect tokens: it needs a client_secret' });
  }
});

const clientsFileSchema = z.array(clientSchema).superRefine((clients, ctx) => {
  const seen = new Set<string>();
  clients.forEach((client, index) => {
    if (seen.has(client.client_id)) {
      ctx.addIssue({ code: 'custom', path: [index, 'client_id'], message: `duplicate client_id "${client.client_id}"` });
    }
    seen.add(client.client_id);
  });
  const audiences = new Set<string>();
  clients.forEach((client, index) => {
    const audience = client.resource_server?.audience;
    if (audience === undefined) return;
    if (audiences.has(audience)) {
      ctx.addIssue({ code: 'custom', path: [index, 'resource_server', 'audience'], message: `duplicate resource server audience "${audience}"` });
    }
    audiences.add(audience);
  });
});

export type ClientConfig = z.infer<typeof clientSchema>;

export function interpolateEnv(text: string, source: string, env: NodeJS.ProcessEnv): string {
  return text.split('\n').map((line, index) => (line.trimStart().startsWith('#') ? line : line.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = env[name];
    if (value === undefined) throw new ConfigError(source, `line ${index + 1}`, `environment variable ${name} is not set`);
    return value;
  }))).join('\n');
}

export function loadClients(configDir: string, env: NodeJS.ProcessEnv = process.env): ClientConfig[] {
  const file = join(configDir, 'clients.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(file, '', 'file not found');
  }
  return parseYamlText(interpolateEnv(text, file, env), clientsFileSchema, file);
}
