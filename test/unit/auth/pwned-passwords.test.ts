import { describe, it, expect, vi, afterEach } from 'vitest';
import { createPwnedPasswordsClient, type FetchLike } from '../../../src/password/pwned-passwords.ts';

// SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8
const PREFIX = '5BAA6';
const SUFFIX = '1E4C9B93F3F0682250B6CF8331B7EE68FD8';

interface Call {
  url: string;
  headers: Record<string, string>;
  signal: AbortSignal;
}

function fakeFetch(body: string, status = 200): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, ...init });
      return { ok: status >= 200 && status < 300, status, text: async () => body };
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Pwned Passwords range client', () => {
  it('sends only the 5-character SHA-1 prefix, asks for padding, and reports a listed suffix', async () => {
    const { fetch, calls } = fakeFetch(`0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n${SUFFIX}:9545824\r\n`);
    const client = createPwnedPasswordsClient({ enabled: true, fetch });
    expect(await client.check('password')).toBe('BREACHED');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`https://api.pwnedpasswords.com/range/${PREFIX}`);
    expect(calls[0]!.url).not.toContain(SUFFIX.slice(0, 6));
    expect(calls[0]!.headers['Add-Padding']).toBe('true');
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('reports NOT_FOUND when the suffix is absent or only present as padding (count 0)', async () => {
    const absent = createPwnedPasswordsClient({ enabled: true, fetch: fakeFetch('0018A45C4D1DEF81644B54AB7F969B88D65:3').fetch });
    expect(await absent.check('password')).toBe('NOT_FOUND');
    const padded = createPwnedPasswordsClient({ enabled: true, fetch: fakeFetch(`${SUFFIX}:0`).fetch });
    expect(await padded.check('password')).toBe('NOT_FOUND');
  });

  it('is off by default: no request, UNKNOWN', async () => {
    const { fetch, calls } = fakeFetch(`${SUFFIX}:10`);
    expect(await createPwnedPasswordsClient({ fetch }).check('password')).toBe('UNKNOWN');
    expect(calls).toHaveLength(0);
  });

  it('answers UNKNOWN, without throwing, on network errors, HTTP errors and unreadable bodies', async () => {
    const failing: FetchLike = async () => {
      throw new TypeError('fetch failed');
    };
    expect(await createPwnedPasswordsClient({ enabled: true, fetch: failing }).check('password')).toBe('UNKNOWN');
    expect(await createPwnedPasswordsClient({ enabled: true, fetch: fakeFetch(`${SUFFIX}:5`, 503).fetch }).check('password')).toBe('UNKNOWN');
    expect(await createPwnedPasswordsClient({ enabled: true, fetch: fakeFetch('<html>oops</html>').fetch }).check('password')).toBe('UNKNOWN');
    expect(await createPwnedPasswordsClient({ enabled: true, fetch: fakeFetch('').fetch }).check('password')).toBe('UNKNOWN');
  });

  it('gives up with UNKNOWN after 1.5 s and aborts the request', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const hanging: FetchLike = (_url, init) => {
      signal = init.signal;
      return new Promise(() => {}); // ignores the signal on purpose: the limit must hold anyway
    };
    let answer: string | undefined;
    void createPwnedPasswordsClient({ enabled: true, fetch: hanging })
      .check('password')
      .then((status) => (answer = status));
    await vi.advanceTimersByTimeAsync(1499);
    expect(answer).toBeUndefined();
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toBe('UNKNOWN');
    expect(signal?.aborted).toBe(true);
  });
});
