/**
 * A minimal scripted browser for the flow driver: one cookie jar, redirects returned (not
 * followed) so the driver sees each hop, and the person's usual address sent as X-Forwarded-For
 * (Vigil trusts it from loopback in the bench), so the per-IP login throttle and the risk
 * engine see the different people the driver plays.
 */
import { CookieJar } from './cookie-jar.ts';
import type { Person } from './person.ts';

export interface Hop {
  status: number;
  location: string | undefined;
  body: string;
}

export class Browser {
  readonly #jar: CookieJar;
  readonly #clientIp: string;

  /** A browser of `person`, with the cookies it kept from earlier visits. */
  constructor(person: Person) {
    this.#clientIp = person.ip;
    this.#jar = new CookieJar(person.cookies);
  }

  /**
   * What the browser keeps once the sign-in is over: everything but oidc-provider's session and
   * interaction cookies (all named `_…`), e.g. Vigil's long-lived device cookie. The next
   * sign-in of the same person is then a returning user on a known device whose session ended.
   */
  keptCookies(): Array<[string, string]> {
    return this.#jar.entries().filter(([name]) => !name.startsWith('_'));
  }

  async get(url: string): Promise<Hop> {
    return this.#send(url, { method: 'GET' });
  }

  async postForm(url: string, fields: Record<string, string>): Promise<Hop> {
    return this.#send(url, { method: 'POST', body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });
  }

  async #send(url: string, request: { method: string; body?: string; contentType?: string }): Promise<Hop> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.#clientIp, accept: 'text/html' };
    const cookie = this.#jar.header();
    if (cookie) headers.cookie = cookie;
    if (request.contentType) headers['content-type'] = request.contentType;
    const response = await fetch(url, { method: request.method, headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    this.#jar.store(response.headers.getSetCookie());
    const location = response.headers.get('location') ?? undefined;
    const body = await response.text();
    return { status: response.status, location: location ? new URL(location, url).toString() : undefined, body };
  }
}
