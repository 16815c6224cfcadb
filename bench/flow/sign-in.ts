/**
 * One complete sign-in as a relying party and its user would do it: authorization request (code
 * + PKCE) → the pages Vigil shows (filled by the page steps) → redirect back with a code → code
 * exchanged at the token endpoint. Expected outcomes are a result union; only bugs throw.
 */
import { basicAuth, REDIRECT_URI, SIGN_IN_SCOPE, WEB_CLIENT } from '../support/bench-clients.ts';
import { Browser } from './browser.ts';
import { formsOf } from './html-form.ts';
import type { PageStep } from './page-steps.ts';
import type { Person } from './person.ts';
import { newPkce, randomValue } from './pkce.ts';

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export type SignInResult =
  | { ok: true; tokens: TokenSet; ms: number }
  | { ok: false; reason: string; ms: number };

const MAX_HOPS = 12;

export interface SignInOptions {
  person: Person;
  steps: PageStep[];
  /** Extra authorization request parameters, e.g. `acr_values` to ask for MFA. */
  authorizationParams?: Record<string, string> | undefined;
  /** Called with the name of each page step used, to count e.g. how many sign-ins needed MFA. */
  onStep?: ((name: string) => void) | undefined;
}

export async function signIn(issuer: string, options: SignInOptions): Promise<SignInResult> {
  const started = performance.now();
  const fail = (reason: string): SignInResult => ({ ok: false, reason, ms: performance.now() - started });
  const { person } = options;
  const browser = new Browser(person);
  const pkce = newPkce();
  const state = randomValue();
  const authorize = new URL(`${issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: WEB_CLIENT.id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SIGN_IN_SCOPE,
    state,
    nonce: randomValue(),
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...options.authorizationParams,
  }).toString();

  let hop = await browser.get(authorize.toString());
  let code: string | undefined;
  for (let hops = 0; hops < MAX_HOPS && code === undefined; hops += 1) {
    if (hop.status >= 300 && hop.status < 400 && hop.location) {
      if (hop.location.startsWith(REDIRECT_URI)) {
        const back = new URL(hop.location).searchParams;
        if (back.get('state') !== state) return fail('state mismatch');
        const error = back.get('error');
        if (error) return fail(`authorization error ${error}`);
        code = back.get('code') ?? undefined;
        if (!code) return fail('no code in the redirect');
        break;
      }
      hop = await browser.get(hop.location);
      continue;
    }
    if (hop.status !== 200) return fail(`HTTP ${hop.status} during the flow`);
    const submission = formsOf(hop.body)
      .flatMap((form) => options.steps.map((step) => ({ form, step, values: step.fill(form, person) })))
      .find((candidate) => candidate.values !== undefined);
    if (!submission?.values) return fail('a page no step knows how to fill');
    options.onStep?.(submission.step.name);
    hop = await browser.postForm(new URL(submission.form.action, issuer).toString(), { ...submission.form.fields, ...submission.values });
  }
  if (code === undefined) return fail('too many hops');
  person.cookies = browser.keptCookies();

  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(WEB_CLIENT), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: pkce.verifier }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  if (response.status !== 200) return fail(`token endpoint HTTP ${response.status}: ${body.slice(0, 200)}`);
  const tokens = JSON.parse(body) as TokenSet;
  if (!tokens.access_token || !tokens.id_token) return fail('token response without access or ID token');
  return { ok: true, tokens, ms: performance.now() - started };
}
