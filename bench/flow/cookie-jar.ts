/**
 * One browser's cookies for one origin. Paths are ignored (the flow only ever talks to one
 * issuer and oidc-provider reads its cookies by name); a cookie set with an empty value or an
 * expiry in the past is removed.
 */
export class CookieJar {
  readonly #cookies: Map<string, string>;

  constructor(initial: Iterable<[string, string]> = []) {
    this.#cookies = new Map(initial);
  }

  entries(): Array<[string, string]> {
    return [...this.#cookies];
  }

  store(setCookieHeaders: string[]): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expires = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('expires='));
      const expired = expires !== undefined && Date.parse(expires.slice(8)) <= Date.now();
      if (!value || expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
