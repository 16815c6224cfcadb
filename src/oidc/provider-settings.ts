/**
 * The oidc-provider settings Vigil shares with the bench's bare baseline (bench/baseline/
 * bare-provider.ts): token lifetimes, client defaults, cookie options, refresh token rotation and
 * the protocol features both run. One copy, so the baseline Vigil's overhead is measured against
 * cannot drift from what Vigil runs. Vigil adds its own policies on top (src/oidc/provider.ts).
 */
import type { Configuration } from 'oidc-provider';

const DAY_S = 24 * 3600;

export const TOKEN_TTLS = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  ClientCredentials: 3600,
  IdToken: 3600,
  Interaction: 1800,
  Session: 14 * DAY_S,
  Grant: 14 * DAY_S,
  RefreshToken: 14 * DAY_S,
} satisfies Configuration['ttl'];

export const CLIENT_DEFAULTS = {
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  id_token_signed_response_alg: 'RS256',
} satisfies Configuration['clientDefaults'];

/** Signed, HTTP-only, SameSite=Lax session and interaction cookies (the keys are each one's own). */
export const COOKIE_OPTIONS = {
  long: { signed: true, httpOnly: true, sameSite: 'lax' },
  short: { signed: true, httpOnly: true, sameSite: 'lax' },
} satisfies Omit<NonNullable<Configuration['cookies']>, 'keys'>;

/** Refresh tokens for clients allowed the grant, rotated on every use. */
export const REFRESH_TOKENS = {
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: true,
} satisfies Pick<Configuration, 'issueRefreshToken' | 'rotateRefreshToken'>;

/**
 * The protocol features both run. Vigil configures some of them further (who may introspect or
 * revoke, its logout pages) and adds resource indicators and request objects.
 */
export const PROTOCOL_FEATURES = {
  devInteractions: { enabled: false },
  introspection: { enabled: true },
  revocation: { enabled: true },
  clientCredentials: { enabled: true },
  userinfo: { enabled: true },
  claimsParameter: { enabled: true },
  rpInitiatedLogout: { enabled: true },
} satisfies Configuration['features'];
