/**
 * Refresh tokens for autocannon. Refresh tokens rotate (single use), so each request takes a
 * live token from the pool and its response puts the new one back. When autocannon stops, the
 * answers to the requests still in flight are dropped, so every run loses up to one token per
 * connection: the pool is sized for that (`tokensNeeded`).
 */
import type { AutocannonRequest } from 'autocannon';

export function tokensNeeded(connections: number, runs: number): number {
  return connections * (runs + 1) + 8;
}

export class RefreshTokenPool {
  readonly #tokens: string[];
  /** The first refused answer, for the error message when a run fails. */
  firstFailure: string | undefined;

  constructor(tokens: string[]) {
    this.#tokens = [...tokens];
  }

  get size(): number {
    return this.#tokens.length;
  }

  /** The autocannon request: take a token, send it, keep the rotated one from the answer. */
  request(authorization: string): AutocannonRequest {
    return {
      method: 'POST',
      path: '/token',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (request) => {
        // An exhausted pool sends a token that cannot work: it shows up as a failed request.
        const token = this.#tokens.shift() ?? 'pool-exhausted';
        return { ...request, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}` };
      },
      onResponse: (status, body) => {
        if (status !== 200) {
          this.firstFailure ??= `HTTP ${status}: ${body.slice(0, 200)}`;
          return;
        }
        const rotated = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token;
        if (typeof rotated === 'string') this.#tokens.push(rotated);
      },
    };
  }
}
