import { describe, expect, it } from 'vitest';
import { perRequest } from '../../../src/http/request-cache.ts';

describe('perRequest', () => {
  it('loads once per request and key, and shares the promise', async () => {
    const cache = perRequest<string>();
    const request = {};
    let loads = 0;
    const load = (): Promise<string> => Promise.resolve(`value ${++loads}`);
    const [first, second] = [cache.get(request, load), cache.get(request, load)];
    expect(first).toBe(second);
    expect(await first).toBe('value 1');
    expect(await cache.get(request, load, 'other')).toBe('value 2');
    expect(await cache.get(request, load, 'other')).toBe('value 2');
    expect(loads).toBe(2);
  });

  it('loads again for another request', async () => {
    const cache = perRequest<number>();
    let loads = 0;
    const load = (): Promise<number> => Promise.resolve(++loads);
    expect(await cache.get({}, load)).toBe(1);
    expect(await cache.get({}, load)).toBe(2);
  });

  it('keeps a failed load for the rest of the request, as a read that failed once', async () => {
    const cache = perRequest<number>();
    const request = {};
    let loads = 0;
    const load = (): Promise<number> => Promise.reject(new Error(`failed ${++loads}`));
    await expect(cache.get(request, load)).rejects.toThrow('failed 1');
    await expect(cache.get(request, load)).rejects.toThrow('failed 1');
    expect(loads).toBe(1);
  });
});
