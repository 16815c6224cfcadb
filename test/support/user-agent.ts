/**
 * A scripted browser over real HTTP (supertest agent with a cookie jar): follows redirects on
 * Vigil, reads the forms on its pages and submits them like a user would, and stops when the
 * browser would leave for the relying party.
 */
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import * as oidc from 'openid-client';
import { TEST_REDIRECT_URI } from './app.ts';

export interface Page {
  status: number;
  html: string;
  url: string;
}

export interface Form {
  action: string;
  fields: Record<string, string>;
  buttons: string[];
}

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function formsOf(html: string): Form[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map((match) => {
    const body = match[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      if (!name) continue;
      fields[name] = decodeEntities(/value="([^"]*)"/.exec(input[0])?.[1] ?? '');
    }
    const buttons = [...body.matchAll(/<button[^>]*name="action"[^>]*value="([^"]*)"/g)].map((b) => b[1] ?? '');
    return { action: decodeEntities(match[1] ?? ''), fields, buttons };
  });
}

export function formWithButton(html: string, action: string): Form {
  const form = formsOf(html).find((candidate) => candidate.buttons.includes(action));
  if (!form) throw new Error(`no form with a "${action}" button on the page:\n${html.slice(0, 2000)}`);
  return form;
}

export class UserAgent {
  readonly agent: TestAgent;
  readonly issuer: string;
  headers: Record<string, string> = {};

  constructor(issuer: string) {
    this.issuer = issuer;
    this.agent = request.agent(issuer);
  }

  #path(url: string): string {
    return url.startsWith(this.issuer) ? url.slice(this.issuer.length) || '/' : url;
  }

  /** GET, following redirects within Vigil; stops at a page or at a redirect leaving Vigil. */
  async open(url: string): Promise<Page> {
    let current = url;
    for (let hops = 0; hops < 20; hops += 1) {
      if (!current.startsWith('/') && !current.startsWith(this.issuer)) {
        return { status: 303, html: '', url: current };
      }
      const response = await this.agent.get(this.#path(current)).set(this.headers).redirects(0);
      if (response.status >= 300 && response.status < 400 && response.headers.location) {
        current = new URL(response.headers.location, this.issuer + this.#path(current)).toString();
        continue;
      }
      return { status: response.status, html: response.text, url: current };
    }
    throw new Error('too many redirects');
  }

  /** Submits a form found on the page by its button value, with the given fields filled in. */
  async submit(page: Page, action: string, values: Record<string, string> = {}, override: Record<string, string | undefined> = {}): Promise<Page> {
    const form = formWithButton(page.html, action);
    const fields: Record<string, string> = { ...form.fields, ...values, action };
    for (const [key, value] of Object.entries(override)) {
      if (value === undefined) delete fields[key];
      else fields[key] = value;
    }
    return this.post(form.action, fields);
  }

  async post(url: string, fields: Record<string, string>): Promise<Page> {
    const response = await this.agent.post(this.#path(url)).set(this.headers).type('form').send(fields).redirects(0);
    if (response.status >= 300 && response.status < 400 && response.headers.location) {
      return this.open(new URL(response.headers.location, this.issuer).toString());
    }
    return { status: response.status, html: response.text, url };
  }
}

/**
 * Scope claims are released at userinfo (OIDC Core 5.4); the test apps also ask for the username
 * in the ID token with the claims parameter, as an app that wants it there does. A test's own
 * `claims` replaces it; an empty one sends none.
 */
export const ID_TOKEN_USERNAME_CLAIMS = JSON.stringify({ id_token: { preferred_username: null } });

export interface RelyingParty {
  config: oidc.Configuration;
  start(params?: Record<string, string>): Promise<{ url: URL; verifier: string; state: string; nonce: string }>;
  finish(callbackUrl: string, started: { verifier: string; state: string; nonce: string }): ReturnType<typeof oidc.authorizationCodeGrant>;
}

export async function relyingParty(issuer: string, clientId: string, clientSecret?: string): Promise<RelyingParty> {
  const config = await oidc.discovery(new URL(issuer), clientId, clientSecret ? undefined : { token_endpoint_auth_method: 'none' },
    clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(), { execute: [oidc.allowInsecureRequests] });
  return {
    config,
    async start({ claims = ID_TOKEN_USERNAME_CLAIMS, ...params } = {}) {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: TEST_REDIRECT_URI,
        scope: 'openid profile email',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...(claims ? { claims } : {}),
        ...params,
      });
      return { url, verifier, state, nonce };
    },
    finish(callbackUrl, started) {
      return oidc.authorizationCodeGrant(config, new URL(callbackUrl), {
        pkceCodeVerifier: started.verifier,
        expectedState: started.state,
        expectedNonce: started.nonce,
        idTokenExpected: true,
      });
    },
  };
}
