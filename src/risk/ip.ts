/**
 * IP address handling for the risk engine: parsing (IPv4, IPv6, IPv4-mapped IPv6), one
 * canonical text per address (so "0::1" and "::1" count as the same source), private and
 * loopback ranges (which have no location and are not an error), and the keys counters and
 * profiles use. An IPv6 source is counted by its /64, because one subscriber usually holds a
 * whole /64 and could otherwise rotate addresses to dodge per-address counters.
 */
import { isIP } from 'node:net';

export type ParsedIp = { version: 4; value: number } | { version: 6; value: bigint };

const V4_MAX = 0xffffffff;

function parseV4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let head = text;
  let tailV4: number | null = null;
  const lastColon = head.lastIndexOf(':');
  if (head.includes('.', lastColon)) {
    tailV4 = parseV4(head.slice(lastColon + 1));
    if (tailV4 === null) return null;
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const left = groupsOf(halves[0]);
  const right = groupsOf(halves[1]);
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== null) value = (value & ~0xffffffffn) | BigInt(tailV4);
  return value;
}

/** null for anything that is not an IP address (a zone id such as `%eth0` is dropped first). */
export function parseIp(text: string): ParsedIp | null {
  const trimmed = text.trim().replace(/%.*$/, '');
  const kind = isIP(trimmed);
  if (kind === 4) {
    const value = parseV4(trimmed);
    return value === null ? null : { version: 4, value };
  }
  if (kind === 6) {
    const value = parseV6(trimmed);
    if (value === null) return null;
    if (value >> 32n === 0xffffn) return { version: 4, value: Number(value & 0xffffffffn) };
    return { version: 6, value };
  }
  return null;
}

export function formatV4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** RFC 5952 text: lower-case, leading zeros dropped, the longest run of zero groups as "::". */
export function formatV6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i += 1; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatIp(ip: ParsedIp): string {
  return ip.version === 4 ? formatV4(ip.value) : formatV6(ip.value);
}

/** The canonical text of an address, or the trimmed input when it is not one. */
export function canonicalIp(text: string): string {
  const parsed = parseIp(text);
  return parsed ? formatIp(parsed) : text.trim().toLowerCase();
}

function maskV6(value: bigint, prefix: number): bigint {
  if (prefix <= 0) return 0n;
  const hostBits = BigInt(128 - prefix);
  return (value >> hostBits) << hostBits;
}

function maskV4(value: number, prefix: number): number {
  if (prefix <= 0) return 0;
  return prefix >= 32 ? value : (value & (V4_MAX << (32 - prefix))) >>> 0;
}

export function mask(ip: ParsedIp, prefix: number): ParsedIp {
  return ip.version === 4 ? { version: 4, value: maskV4(ip.value, prefix) } : { version: 6, value: maskV6(ip.value, prefix) };
}

function inV4(value: number, net: string, prefix: number): boolean {
  return maskV4(value, prefix) === maskV4(parseV4(net) ?? -1, prefix);
}

function inV6(value: bigint, net: string, prefix: number): boolean {
  return maskV6(value, prefix) === maskV6(parseV6(net) ?? -1n, prefix);
}

const PRIVATE_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.168.0.0', 16], ['192.0.0.0', 24],
];
const PRIVATE_V6: Array<[string, number]> = [['::', 127], ['fc00::', 7], ['fe80::', 10]];

/** Loopback, private, link-local, shared (CGNAT) and unspecified addresses: no location, no network owner. */
export function isPrivateIp(ip: ParsedIp): boolean {
  if (ip.version === 4) return PRIVATE_V4.some(([net, prefix]) => inV4(ip.value, net, prefix));
  return PRIVATE_V6.some(([net, prefix]) => inV6(ip.value, net, prefix));
}

/** The key per-source counters use: the address for IPv4, its /64 for IPv6. */
export function sourceKey(ip: ParsedIp): string {
  return ip.version === 4 ? formatV4(ip.value) : `${formatV6(maskV6(ip.value, 64))}/64`;
}

/** The network when no ASN database knows the address: its /24 (IPv4) or /48 (IPv6). */
export function prefixNetwork(ip: ParsedIp): string {
  return ip.version === 4 ? `${formatV4(maskV4(ip.value, 24))}/24` : `${formatV6(maskV6(ip.value, 48))}/48`;
}

