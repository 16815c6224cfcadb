/**
 * Who may learn about or revoke a token. Introspection (RFC 7662 §4): the client the token was
 * issued to, and a resource server (clients.yaml `resource_server`) that is the token's
 * audience; anyone else gets `active: false`, as for a token that does not exist, so a stolen
 * token cannot be checked with another client's credentials. Revocation (RFC 7009 §2.1): only
 * the client the token was issued to. Another confidential client is refused with an error, as
 * the RFC asks; a public client, which proves nothing about who it is, is answered 200 as for an
 * unknown token, so nobody without credentials learns whether a token is live.
 *
 * Resource servers are also the RFC 8707 resource indicators Vigil knows: `resource=<audience>`
 * gets an access token for that API, limited to the scopes it declares.
 */
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { ClientConfig } from '../config/clients.ts';

interface TokenLike {
  clientId?: string | undefined;
  aud?: string | string[] | undefined;
}

interface ClientLike {
  clientId: string;
  clientAuthMethod?: string | undefined;
}

export interface ResourceServerInfo {
  audience: string;
  scope: string;
  accessTokenFormat: 'opaque';
}

export interface TokenAccess {
  introspectionAllowed(ctx: KoaContextWithOIDC, client: ClientLike, token: TokenLike): Promise<boolean>;
  revocationAllowed(ctx: KoaContextWithOIDC, client: ClientLike, token: TokenLike): Promise<boolean>;
  resourceServerInfo(ctx: KoaContextWithOIDC, indicator: string): Promise<ResourceServerInfo>;
  /** Every scope a resource server declares, so a client must be given it in its own `scope`. */
  scopes: string[];
}

function audiencesOf(token: TokenLike): string[] {
  if (token.aud === undefined) return [];
  return Array.isArray(token.aud) ? token.aud : [token.aud];
}

export function tokenAccess(clients: readonly ClientConfig[]): TokenAccess {
  const audienceByClient = new Map<string, string>();
  const byAudience = new Map<string, ResourceServerInfo>();
  for (const client of clients) {
    const server = client.resource_server;
    if (!server) continue;
    audienceByClient.set(client.client_id, server.audience);
    byAudience.set(server.audience, { audience: server.audience, scope: server.scope.split(/\s+/).join(' '), accessTokenFormat: 'opaque' });
  }
  return {
    async introspectionAllowed(_ctx, client, token) {
      if (token.clientId === client.clientId) return true;
      const audience = audienceByClient.get(client.clientId);
      return audience !== undefined && audiencesOf(token).includes(audience);
    },
    async revocationAllowed(_ctx, client, token) {
      if (token.clientId === client.clientId) return true;
      if (client.clientAuthMethod === 'none') return false;
      throw new errors.InvalidRequest('the token was not issued to this client');
    },
    async resourceServerInfo(_ctx, indicator) {
      const info = byAudience.get(indicator);
      if (!info) throw new errors.InvalidTarget();
      return info;
    },
    scopes: [...byAudience.values()].flatMap((info) => info.scope.split(' ')),
  };
}
