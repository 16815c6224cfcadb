/**
 * Optional online check against Have I Been Pwned's Pwned Passwords range API, a far larger
 * breach corpus than the local list. Off unless configured.
 *
 * k-anonymity: only the first 5 hex characters of the password's SHA-1 leave this process;
 * the service answers with every suffix under that prefix and the match happens here. Responses
 * are padded (Add-Padding) so their size does not hint at the prefix either.
 *
 * It never throws and never blocks a user for long: a disabled client, a timeout (1.5 s by
 * default), a network error or an odd response all answer 'UNKNOWN', and callers fall back to
 * the local list rather than refusing the password.
 */
import { createHash } from 'node:crypto';
import { normalizePassword } from './password-normalize.ts';

export type PwnedStatus = 'BREACHED' | 'NOT_FOUND' | 'UNKNOWN';

export type FetchLike = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export interface PwnedPasswordsOptions {
  /** Default false: no request is ever made and every answer is 'UNKNOWN'. */
  enabled?: boolean;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: FetchLike;
  /** Default 1500 ms. */
  timeoutMs?: number;
  /** Default https://api.pwnedpasswords.com/range/ (the prefix is appended). */
  baseUrl?: string;
  userAgent?: string;
}

export interface PwnedPasswordsClient {
  check(password: string): Promise<PwnedStatus>;
}

const LINE = /^([0-9A-F]{35}):(\d+)$/;

export function createPwnedPasswordsClient(options: PwnedPasswordsOptions = {}): PwnedPasswordsClient {
  const enabled = options.enabled ?? false;
  const fetchImpl: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 1500;
  const baseUrl = options.baseUrl ?? 'https://api.pwnedpasswords.com/range/';
  const userAgent = options.userAgent ?? 'Vigil-IdP';

  return {
    async check(password) {
      if (!enabled) return 'UNKNOWN';
      const digest = createHash('sha1').update(normalizePassword(password), 'utf8').digest('hex').toUpperCase();
      const prefix = digest.slice(0, 5);
      const suffix = digest.slice(5);
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      // The race keeps the time limit even if an injected fetch ignores the abort signal.
      const timedOut = new Promise<PwnedStatus>((done) => {
        timer = setTimeout(() => {
          controller.abort();
          done('UNKNOWN');
        }, timeoutMs);
      });
      const lookup = async (): Promise<PwnedStatus> => {
        try {
          const response = await fetchImpl(`${baseUrl}${prefix}`, {
            headers: { 'Add-Padding': 'true', 'User-Agent': userAgent },
            signal: controller.signal,
          });
          if (!response.ok) return 'UNKNOWN';
          return statusFromRangeBody(await response.text(), suffix);
        } catch {
          return 'UNKNOWN';
        }
      };
      try {
        return await Promise.race([lookup(), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function statusFromRangeBody(body: string, suffix: string): PwnedStatus {
  let sawValidLine = false;
  for (const line of body.split(/\r?\n/)) {
    const match = LINE.exec(line.trim().toUpperCase());
    if (!match) continue;
    sawValidLine = true;
    // Padding entries carry a count of 0 and are not real breaches.
    if (match[1] === suffix && Number(match[2]) > 0) return 'BREACHED';
  }
  // An empty or unrecognisable body is not evidence that the password is safe.
  return sawValidLine ? 'NOT_FOUND' : 'UNKNOWN';
}
