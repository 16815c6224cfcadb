/**
 * A set of IP addresses and CIDR ranges (IPv4 and IPv6) with a lookup cost that depends on the
 * number of distinct prefix lengths in the set (at most 33 + 129), never on the number of
 * entries: each prefix length keeps a hash set of masked network values.
 */
import { mask, parseIp, type ParsedIp } from './ip.ts';

export type ParsedEntry = { ok: true; ip: ParsedIp; prefix: number } | { ok: false; reason: string };

/** `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`; a host part beyond the prefix is masked off. */
export function parseIpOrCidr(text: string): ParsedEntry {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return { ok: false, reason: 'more than one "/"' };
  const ip = parseIp(address);
  if (!ip) return { ok: false, reason: `"${address}" is not an IP address` };
  const max = ip.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ok: true, ip, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) return { ok: false, reason: `prefix "/${prefixText}" is not 0-${max}` };
  const prefix = Number(prefixText);
  return { ok: true, ip: mask(ip, prefix), prefix };
}

export class IpSet<T> {
  #v4 = new Map<number, Map<number, T>>();
  #v6 = new Map<number, Map<bigint, T>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a network; the first label added for a network wins. */
  add(ip: ParsedIp, prefix: number, label: T): void {
    const masked = mask(ip, prefix);
    if (masked.version === 4) {
      let bucket = this.#v4.get(prefix);
      if (!bucket) this.#v4.set(prefix, bucket = new Map());
      if (!bucket.has(masked.value)) { bucket.set(masked.value, label); this.#size += 1; }
    } else {
      let bucket = this.#v6.get(prefix);
      if (!bucket) this.#v6.set(prefix, bucket = new Map());
      if (!bucket.has(masked.value)) { bucket.set(masked.value, label); this.#size += 1; }
    }
  }

  /** The label of a network containing the address, or undefined. */
  lookup(ip: ParsedIp): T | undefined {
    if (ip.version === 4) {
      for (const [prefix, bucket] of this.#v4) {
        const found = bucket.get((mask(ip, prefix) as { value: number }).value);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    for (const [prefix, bucket] of this.#v6) {
      const found = bucket.get((mask(ip, prefix) as { value: bigint }).value);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}
