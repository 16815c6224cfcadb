/**
 * A value loaded at most once per request. oidc-provider runs several of Vigil's checks and its
 * account lookup on one request, each needing the same records; on FerretDB every command costs
 * about a millisecond (bench/README.md), so each is read once and the promise is shared.
 * Keyed weakly by the request's context: nothing outlives the request.
 */
export interface PerRequest<T> {
  /** This request's value (for `key`, when one request has several), loading it on first use. */
  get(ctx: object, load: () => Promise<T>, key?: string): Promise<T>;
  /** This request's value if one was loaded or set, without loading it. */
  peek(ctx: object, key?: string): Promise<T> | undefined;
  /** Sets this request's value: what a request wrote is what it then reads. */
  set(ctx: object, value: Promise<T>, key?: string): void;
}

export function perRequest<T>(): PerRequest<T> {
  const byRequest = new WeakMap<object, Map<string, Promise<T>>>();
  const valuesOf = (ctx: object): Map<string, Promise<T>> => {
    let values = byRequest.get(ctx);
    if (!values) {
      values = new Map();
      byRequest.set(ctx, values);
    }
    return values;
  };
  return {
    peek: (ctx, key = '') => byRequest.get(ctx)?.get(key),
    set: (ctx, value, key = '') => void valuesOf(ctx).set(key, value),
    get(ctx, load, key = '') {
      const values = valuesOf(ctx);
      let value = values.get(key);
      if (!value) {
        value = load();
        values.set(key, value);
      }
      return value;
    },
  };
}
