/** Token grants by type, from oidc-provider's events (the token endpoint decides them). */
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Metrics } from './metrics.ts';

function grantTypeOf(ctx: KoaContextWithOIDC): string {
  const grantType = ctx.oidc?.params?.grant_type;
  return typeof grantType === 'string' ? grantType : 'unknown';
}

export function countTokenGrants(provider: Provider, metrics: Pick<Metrics, 'tokenGrant'>): void {
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => metrics.tokenGrant(grantTypeOf(ctx), 'success'));
  provider.on('grant.error', (ctx: KoaContextWithOIDC) => metrics.tokenGrant(grantTypeOf(ctx), 'error'));
}
