/**
 * The baseline: a bare oidc-provider 9 on the same MongoAdapter, with the protocol settings Vigil
 * uses (PKCE, RS256/ES256 keys, the same clients and claims, and — from src/oidc/provider-settings.ts,
 * the module Vigil's provider reads them from — the same TTLs, client defaults, cookies, rotated
 * refresh tokens and protocol features) and nothing else: no user store (accounts are a
 * constant), one bare password page (password-page.ts: an argon2id check against the bench
 * users' hash), no policies. Vigil's figures over this one are Vigil's overhead.
 */
import Provider, { type Account, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { ACR_VALUES } from '../../src/oidc/acr.ts';
import { CLAIMS } from '../../src/oidc/account.ts';
import { MongoAdapter } from '../../src/oidc/adapter.ts';
import { CLIENT_DEFAULTS, COOKIE_OPTIONS, PROTOCOL_FEATURES, REFRESH_TOKENS, TOKEN_TTLS } from '../../src/oidc/provider-settings.ts';
import { generateSigningKeys } from '../../src/oidc/signing-keys.ts';
import { REDIRECT_URI, SERVICE_CLIENT, WEB_CLIENT } from '../support/bench-clients.ts';
import { InsertFirstAdapter } from './insert-first-adapter.ts';
import { passwordPage } from './password-page.ts';

export const BASELINE_ACCOUNT_ID = 'bench-user';

/** Same claims (and so the same ID token size) as Vigil's bench user, without a database read. */
async function findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account> {
  return {
    accountId: sub,
    async claims() {
      return { sub, preferred_username: 'bench', name: 'Bench User', updated_at: 1_700_000_000, email: 'bench@bench.test', email_verified: false, groups: [] };
    },
  };
}

/** Like Vigil's first-party clients: the grant is created without a consent page. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  const accountId = oidc.session?.accountId;
  if (!client || !accountId) return undefined;
  const grantId = oidc.session?.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await oidc.provider.Grant.find(grantId);
    if (existing) return existing;
  }
  const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId });
  const requested = oidc.params?.scope;
  grant.addOIDCScope(typeof requested === 'string' ? requested : 'openid');
  await grant.save();
  return grant;
}

export function createBareProvider(issuer: string, options: { passwordHash: string; insertFirst?: boolean }): Provider {
  const configuration: Configuration = {
    adapter: options.insertFirst ? InsertFirstAdapter : MongoAdapter,
    clients: [
      {
        client_id: WEB_CLIENT.id,
        client_secret: WEB_CLIENT.secret,
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
      {
        client_id: SERVICE_CLIENT.id,
        client_secret: SERVICE_CLIENT.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: SERVICE_CLIENT.scope,
      },
    ],
    clientDefaults: CLIENT_DEFAULTS,
    findAccount,
    jwks: { keys: generateSigningKeys() },
    claims: CLAIMS,
    scopes: ['openid', 'offline_access', 'profile', 'email', 'groups', ...SERVICE_CLIENT.scope.split(' ')],
    acrValues: ACR_VALUES,
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    cookies: { keys: ['bare-baseline-cookie-key-0123456789abcdef'], ...COOKIE_OPTIONS },
    features: PROTOCOL_FEATURES,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ...REFRESH_TOKENS,
    loadExistingGrant,
    ttl: TOKEN_TTLS,
  };
  const provider = new Provider(issuer, configuration);

  provider.use(passwordPage(provider, { passwordHash: options.passwordHash, accountId: BASELINE_ACCOUNT_ID }));
  return provider;
}
