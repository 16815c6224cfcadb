/**
 * A small relying-party web app for the browser journeys (node:http + openid-client v6): it
 * starts each sign-in (authorization code + PKCE, state, nonce), finishes it at /callback and
 * renders the ID token claims it received (or the error it was sent) on the page the browser
 * lands on, and offers RP-initiated logout. It listens before Vigil starts, so Vigil's
 * clients.yaml can name its callback; it discovers Vigil when `connect` is called.
 *
 * Routes:
 *   GET /start?client=<key>&<any authorization parameter>  → redirect to Vigil
 *   GET /callback                                          → the claims page, or the error page
 *   GET /logout?session=<id>                               → redirect to Vigil's end_session_endpoint
 *   GET /signed-out                                        → "signed out of the app"
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import { ID_TOKEN_USERNAME_CLAIMS } from '../../support/user-agent.ts';

export interface RpClient {
  /** The key used in /start?client=… */
  key: string;
  clientId: string;
  clientSecret: string;
}

interface PendingSignIn {
  client: RpClient;
  verifier: string;
  nonce: string;
}

interface SignedIn {
  client: RpClient;
  idToken: string;
}

export interface RelyingPartyApp {
  url: string;
  callbackUrl: string;
  signedOutUrl: string;
  /** The URL that starts a sign-in with the given client and extra authorization parameters. */
  startUrl(clientKey: string, params?: Record<string, string>): string;
  connect(issuer: string, clients: RpClient[]): Promise<void>;
  close(): Promise<void>;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(response: ServerResponse, status: number, title: string, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Test RP</title></head>`
    + `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`);
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, 'cache-control': 'no-store' });
  response.end();
}

export async function startRelyingParty(): Promise<RelyingPartyApp> {
  const configs = new Map<string, oidc.Configuration>();
  const clientsByKey = new Map<string, RpClient>();
  const pending = new Map<string, PendingSignIn>();
  const sessions = new Map<string, SignedIn>();

  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const callbackUrl = `${url}/callback`;
  const signedOutUrl = `${url}/signed-out`;

  function configFor(key: string): { client: RpClient; config: oidc.Configuration } {
    const client = clientsByKey.get(key);
    const config = configs.get(key);
    if (!client || !config) throw new Error(`the test RP has no client "${key}" (connect it first)`);
    return { client, config };
  }

  async function start(query: URLSearchParams, response: ServerResponse): Promise<void> {
    const { client, config } = configFor(query.get('client') ?? '');
    const extra = Object.fromEntries([...query].filter(([name]) => name !== 'client'));
    // Scope claims come from userinfo; the test RP asks for the username in the ID token.
    extra.claims ??= ID_TOKEN_USERNAME_CLAIMS;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    pending.set(state, { client, verifier, nonce });
    const target = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    redirect(response, target.href);
  }

  async function callback(current: URL, response: ServerResponse): Promise<void> {
    const state = current.searchParams.get('state') ?? '';
    const started = pending.get(state);
    if (!started) {
      page(response, 400, 'Unknown sign-in', '<p id="error">unknown_state</p>');
      return;
    }
    pending.delete(state);
    const error = current.searchParams.get('error');
    if (error) {
      page(response, 200, 'Sign-in did not complete',
        `<p id="error">${escapeHtml(error)}</p><p id="error-description">${escapeHtml(current.searchParams.get('error_description') ?? '')}</p>`);
      return;
    }
    const { config } = configFor(started.client.key);
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: started.verifier,
      expectedState: state,
      expectedNonce: started.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims() ?? {};
    const session = randomUUID();
    sessions.set(session, { client: started.client, idToken: tokens.id_token ?? '' });
    const rows = Object.entries(claims).map(([name, value]) =>
      `<dt>${escapeHtml(name)}</dt><dd data-claim="${escapeHtml(name)}">${escapeHtml(JSON.stringify(value))}</dd>`).join('');
    page(response, 200, 'Signed in to the test RP',
      `<dl>${rows}</dl><pre id="claims">${escapeHtml(JSON.stringify(claims))}</pre>`
      + `<p><a id="sign-out" href="/logout?session=${session}">Sign out</a></p>`);
  }

  function logout(query: URLSearchParams, response: ServerResponse): void {
    const session = sessions.get(query.get('session') ?? '');
    if (!session) {
      page(response, 400, 'Unknown session', '<p id="error">unknown_session</p>');
      return;
    }
    const { config } = configFor(session.client.key);
    redirect(response, oidc.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: signedOutUrl }).href);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const current = new URL(request.url ?? '/', url);
    switch (current.pathname) {
      case '/start': return start(current.searchParams, response);
      case '/callback': return callback(current, response);
      case '/logout': return logout(current.searchParams, response);
      case '/signed-out': return page(response, 200, 'Signed out of the test RP', '<p id="signed-out">You are signed out.</p>');
      default: return page(response, 404, 'Not found', '');
    }
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (!response.headersSent) page(response, 500, 'Test RP failure', `<p id="error">rp_failure</p><pre id="failure">${escapeHtml(message)}</pre>`);
      else response.end();
    });
  });

  return {
    url,
    callbackUrl,
    signedOutUrl,
    startUrl(clientKey, params = {}) {
      return `${url}/start?${new URLSearchParams({ client: clientKey, ...params }).toString()}`;
    },
    async connect(issuer, clients) {
      for (const client of clients) {
        clientsByKey.set(client.key, client);
        configs.set(client.key, await oidc.discovery(new URL(issuer), client.clientId, undefined,
          oidc.ClientSecretBasic(client.clientSecret), { execute: [oidc.allowInsecureRequests] }));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
