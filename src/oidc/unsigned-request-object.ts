/**
 * Unsigned request objects (`request` with `alg: none`, OIDC Core 6.1): oidc-provider 9 accepts
 * only signed ones, so Vigil opens an unsigned one itself, before oidc-provider sees the request,
 * and hands its parameters on as ordinary query parameters (the object's values supersede the
 * query's, as 6.1 says). An unsigned object is no more trusted than the query string it came
 * in: every parameter is validated by oidc-provider as if sent plainly. Anything malformed is
 * left as it was, so oidc-provider answers it with its own invalid_request_object error; a
 * client registered to sign its request objects never has an unsigned one opened.
 */
import type { Context, Next } from 'koa';

function decodeSegment(segment: string | undefined): unknown {
  if (!segment) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object's parameters as query values, the way oidc-provider reads a signed one. */
function asQueryValue(name: string, value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if ((name === 'claims' || name === 'authorization_details') && typeof value === 'object' && value !== null) return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The query with the unsigned request object opened, or undefined when it is not one to open. */
export function openUnsignedRequestObject(query: URLSearchParams, signedOnly: ReadonlySet<string>): URLSearchParams | undefined {
  const request = query.get('request');
  if (!request || query.getAll('request').length !== 1) return undefined;
  const [header, payload, signature, ...rest] = request.split('.');
  if (signature !== '' || rest.length > 0) return undefined;
  const parsedHeader = decodeSegment(header);
  const parsedPayload = decodeSegment(payload);
  if (!isObject(parsedHeader) || parsedHeader.alg !== 'none' || !isObject(parsedPayload)) return undefined;
  const clientId = query.get('client_id');
  if (!clientId || signedOnly.has(clientId)) return undefined;
  if (parsedPayload.client_id !== undefined && parsedPayload.client_id !== clientId) return undefined;
  if ('request' in parsedPayload || 'request_uri' in parsedPayload) return undefined;
  const responseType = query.get('response_type');
  if (responseType && parsedPayload.response_type !== undefined && parsedPayload.response_type !== responseType) return undefined;

  const opened = new URLSearchParams();
  const fromObject = new Map<string, string>();
  for (const [name, value] of Object.entries(parsedPayload)) {
    // JWT claims that describe the object itself are not authorization parameters.
    if (['iss', 'aud', 'exp', 'iat', 'nbf', 'jti'].includes(name)) continue;
    const text = asQueryValue(name, value);
    if (text === undefined) return undefined;
    fromObject.set(name, text);
  }
  for (const [name, value] of query) {
    if (name !== 'request' && !fromObject.has(name)) opened.append(name, value);
  }
  for (const [name, value] of fromObject) opened.append(name, value);
  return opened;
}

export function unsignedRequestObjects(authorizationPath: string, signedOnly: ReadonlySet<string>) {
  return async function openUnsigned(ctx: Context, next: Next): Promise<void> {
    if (ctx.method === 'GET' && ctx.path === authorizationPath) {
      const opened = openUnsignedRequestObject(new URLSearchParams(ctx.querystring), signedOnly);
      if (opened) ctx.querystring = opened.toString();
    }
    await next();
  };
}

/** Discovery says unsigned request objects are accepted, next to the algorithms oidc-provider verifies. */
export function advertiseUnsignedRequestObjects(discoveryPath: string) {
  return async function advertise(ctx: Context, next: Next): Promise<void> {
    await next();
    if (ctx.path !== discoveryPath || !isObject(ctx.body)) return;
    const algs = ctx.body.request_object_signing_alg_values_supported;
    if (Array.isArray(algs) && !algs.includes('none')) ctx.body.request_object_signing_alg_values_supported = [...algs, 'none'];
  };
}
