/**
 * Where synthetic people sign in from and with what: public IPv4 addresses inside /16 blocks that
 * the shipped GeoLite2 city database places in a known country (so geolocation, impossible
 * travel and unfamiliar-country checks run as they do for real traffic), device ids shaped like
 * Vigil's device cookie, and common browsers' user agents.
 */
import { prefixNetwork, parseIp } from '../../src/risk/ip.ts';
import { pick, randomInt, type Random } from './seeded-random.ts';

/** /16 blocks that GeoLite2 places in each country (checked against the shipped database). */
export const BLOCKS_BY_COUNTRY: Readonly<Record<string, readonly string[]>> = {
  FR: ['90.12', '86.200', '80.10'],
  GB: ['81.2', '31.13'],
  DE: ['217.160', '2.30'],
  IT: ['5.61'],
  US: ['24.5', '73.15'],
  AU: ['1.120', '49.180'],
};

export const COUNTRIES = Object.keys(BLOCKS_BY_COUNTRY);

export const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
] as const;

export interface Device {
  id: string;
  userAgent: string;
}

export function addressIn(random: Random, country: string): string {
  const block = pick(random, BLOCKS_BY_COUNTRY[country] ?? []);
  return `${block}.${1 + randomInt(random, 254)}.${1 + randomInt(random, 254)}`;
}

/** 22 base64url characters, like the signed device cookie (src/http/device-cookie.ts). */
export function newDevice(random: Random): Device {
  const bytes = Buffer.from(Array.from({ length: 16 }, () => randomInt(random, 256)));
  return { id: bytes.toString('base64url'), userAgent: pick(random, USER_AGENTS) };
}

/** The network key the engine derives for an address the city database has no ASN for. */
export function networkOf(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) throw new Error(`not an IP address: ${ip}`);
  return prefixNetwork(parsed);
}
