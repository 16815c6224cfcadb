/**
 * oidc-provider configuration: authorization code with PKCE (S256) for every client, refresh
 * tokens (rotated), client credentials, introspection, revocation, RP-initiated logout, and
 * Vigil's interaction policy. Everything configurable comes from settings and config files.
 */
import Provider, { type Configuration, type KoaContextWithOIDC, type ClientMetadata, errors, interactionPolicy } from 'oidc-provider';
import type { Settings } from '../config/env.ts';
import type { ClientConfig } from '../config/clients.ts';
import { isDatabaseError } from '../db/connect.ts';
import type { Renderer } from '../http/render.ts';
import type { Logger } from '../log.ts';
import { text } from '../text/catalogue.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { noteDatabaseFailure } from '../http/unavailable.ts';
import { ACR_VALUES } from './acr.ts';
import { settleRequestAcr } from './settle-acr.ts';
import { accountFinder, CLAIMS, type RefreshGuard } from './account.ts';
import { MongoAdapter } from './adapter.ts';
import { formPostAsGet } from './form-post-as-get.ts';
import { CLIENT_DEFAULTS, COOKIE_OPTIONS, PROTOCOL_FEATURES, REFRESH_TOKENS, TOKEN_TTLS } from './provider-settings.ts';
import { advertiseUnsignedRequestObjects, unsignedRequestObjects } from './unsigned-request-object.ts';
import { tokenAccess } from './token-access.ts';
import type { PrivateJwk } from './signing-keys.ts';

export interface ProviderOptions {
  settings: Settings;
  clients: ClientConfig[];
  signingKeys: PrivateJwk[];
  policy: interactionPolicy.DefaultPolicy;
  renderer: Renderer;
  logger: Logger;
  refreshAllowed: RefreshGuard;
  /** Applies a finished interaction step to the sign-in flow, on the resumed request, before the checks read it (src/sign-in/advance.ts). */
  applyStepResult?: (ctx: KoaContextWithOIDC) => Promise<void>;
}

function toClientMetadata(client: ClientConfig): ClientMetadata {
  const { first_party: firstParty, require_pkce: _requirePkce, resource_server: _resourceServer, ...metadata } = client;
  // A machine client (no authorization_code) has no redirect URIs and no response types.
  const interactive = metadata.grant_types.includes('authorization_code');
  return { ...metadata, ...(interactive ? {} : { response_types: [], redirect_uris: [] }), first_party: firstParty } as ClientMetadata;
}

/** The organisation's own apps get their grant without a consent page. */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  const accountId = oidc.session?.accountId;
  if (!client || !accountId) return undefined;
  const grantId = (oidc.result as { consent?: { grantId?: string } } | undefined)?.consent?.grantId
    ?? oidc.session?.grantIdFor(client.clientId);
  if (grantId) {
    const existing = await oidc.provider.Grant.find(grantId);
    if (existing) return existing;
  }
  if ((client as unknown as { first_party?: boolean }).first_party !== true) return undefined;
  const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId });
  const requested = oidc.params?.scope;
  grant.addOIDCScope(typeof requested === 'string' ? requested : 'openid');
  const claims = oidc.params?.claims;
  if (typeof claims === 'string') {
    try {
      const parsed = JSON.parse(claims) as { id_token?: object; userinfo?: object };
      grant.addOIDCClaims([...Object.keys(parsed.id_token ?? {}), ...Object.keys(parsed.userinfo ?? {})]);
    } catch {
      // invalid claims parameters are rejected by oidc-provider before this point
    }
  }
  await grant.save();
  return grant;
}

export function createProvider(options: ProviderOptions): Provider {
  const { settings, logger } = options;
  const access = tokenAccess(options.clients);
  // Pages oidc-provider renders get the same headers as ours (CSP, no framing). Not every
  // provider route: the form_post response mode needs its inline script.
  const headers = securityHeaders();
  const renderer = {
    async page(ctx: Parameters<typeof options.renderer.page>[0], template: string, data: Record<string, unknown> & { title: string }, status?: number) {
      await headers(ctx, async () => {});
      options.renderer.page(ctx, template, data, status);
    },
  };

  const pkceOptOut = new Set(options.clients.filter((client) => client.require_pkce === false).map((client) => client.client_id));

  const configuration: Configuration = {
    adapter: MongoAdapter,
    clients: options.clients.map(toClientMetadata),
    clientDefaults: CLIENT_DEFAULTS,
    extraClientMetadata: { properties: ['first_party'] },
    findAccount: accountFinder(options.refreshAllowed),
    jwks: { keys: options.signingKeys },
    claims: CLAIMS,
    // API scopes are whatever the clients in clients.yaml declare.
    scopes: [...new Set(['openid', 'offline_access', 'profile', 'email', 'phone', 'address', 'groups', ...options.clients.flatMap((c) => c.scope?.split(' ') ?? []), ...access.scopes])],
    acrValues: ACR_VALUES,
    // OIDC Core 5.4: with an access token, scope-requested claims are released at userinfo, and
    // only what the claims parameter asks for goes into the ID token.
    conformIdTokenClaims: true,
    responseTypes: ['code'],
    // PKCE for every client unless a confidential client opted out in clients.yaml (README).
    pkce: { required: (_ctx, client) => !pkceOptOut.has(client.clientId) },
    cookies: { keys: settings.cookieKeys, ...COOKIE_OPTIONS },
    features: {
      ...PROTOCOL_FEATURES,
      introspection: { enabled: true, allowedPolicy: access.introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: access.revocationAllowed },
      resourceIndicators: { enabled: true, getResourceServerInfo: access.resourceServerInfo },
      // Request objects by value (`request`), signed with the client's registered jwks or (HS256)
      // its secret; unsigned ones are opened by unsigned-request-object.ts.
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          await renderer.page(ctx, 'sign-in/logout', { title: text('logout.title'), form });
        },
        async postLogoutSuccessSource(ctx) {
          await renderer.page(ctx, 'sign-in/logout-done', { title: text('logout.done.title') });
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      policy: options.policy,
    },
    ...REFRESH_TOKENS,
    // oidc-provider calls this on every authorization request with a signed-in account, after the
    // session took the step's login and before the interaction policy runs: the one place where a
    // finished step and the session it now belongs to meet.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      await options.applyStepResult?.(ctx);
      settleRequestAcr(ctx);
      return loadExistingGrant(ctx);
    },
    ttl: TOKEN_TTLS,
    async renderError(ctx, out, error) {
      if (isDatabaseError(error)) {
        await renderer.page(ctx, 'error', { title: text('error.unavailable.title'), heading: text('error.unavailable.title'), message: text('error.unavailable.body') }, 503);
        return;
      }
      if (error instanceof errors.SessionNotFound || out.error === 'invalid_request' && /expired|not found/i.test(String(out.error_description))) {
        await renderer.page(ctx, 'error', { title: text('error.expired.title'), heading: text('error.expired.title'), message: text('error.expired.body') }, ctx.status || 400);
        return;
      }
      // Say what went wrong, code and description (escaped by the template), so a person can act on it.
      const signOut = ctx.oidc?.route?.startsWith('end_session') ?? false;
      const message = out.error === 'invalid_redirect_uri' ? text('error.redirectUri') : text(signOut ? 'error.oidcSignOut' : 'error.oidc', { code: out.error });
      const detail = text('error.oidcDetail', { code: out.error, description: out.error_description ?? '' });
      await renderer.page(ctx, 'error', { title: text('error.title'), heading: text('error.title'), message, detail }, ctx.status || 400);
    },
  };

  const provider = new Provider(settings.issuer, configuration);
  provider.proxy = settings.trustProxy !== false;
  // POST to the authorization and logout endpoints, with every cookie kept SameSite=Lax.
  provider.use(formPostAsGet(['/auth', '/session/end'], options.renderer, logger));
  const signedOnly = new Set(options.clients
    .filter((client) => client.require_signed_request_object === true || typeof client.request_object_signing_alg === 'string')
    .map((client) => client.client_id));
  provider.use(unsignedRequestObjects('/auth', signedOnly));
  provider.use(advertiseUnsignedRequestObjects('/.well-known/openid-configuration'));
  provider.on('server_error', (ctx: unknown, error: Error) => {
    noteDatabaseFailure(ctx, error);
    if (isDatabaseError(error)) logger.warn({ err: error.message }, 'database unavailable during an OIDC request');
    else logger.error({ err: error }, 'oidc-provider server error');
  });
  return provider;
}
