/**
 * The relying parties the benchmark uses, identical for Vigil (written to its clients.yaml) and
 * the bare baseline: a confidential first-party web app for the sign-in flow and refresh grants,
 * and a machine client for client credentials. The redirect URI is never contacted.
 */
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

export const WEB_CLIENT = {
  id: 'bench-web',
  secret: 'bench-web-secret-0123456789abcdef',
} as const;

export const SERVICE_CLIENT = {
  id: 'bench-service',
  secret: 'bench-service-secret-0123456789abcdef',
  scope: 'api:read api:write',
} as const;

export const SIGN_IN_SCOPE = 'openid profile email';

export function clientsYaml(): string {
  return `
- client_id: ${WEB_CLIENT.id}
  client_name: Bench Web
  client_secret: ${WEB_CLIENT.secret}
  redirect_uris: [${REDIRECT_URI}]
  grant_types: [authorization_code, refresh_token]
  first_party: true
- client_id: ${SERVICE_CLIENT.id}
  client_name: Bench Service
  client_secret: ${SERVICE_CLIENT.secret}
  grant_types: [client_credentials]
  scope: ${SERVICE_CLIENT.scope}
`;
}

export function basicAuth(client: { id: string; secret: string }): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;
}
