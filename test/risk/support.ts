/** Shared set-up for the risk engine's database tests: a fresh database, fixed places, an engine. */
import mongoose from 'mongoose';
import { ManualClock } from '../../src/clock.ts';
import { staticAnonymousIpList } from '../../src/risk/anonymous-ips.ts';
import { createRiskEngine, type RiskEngine, type RiskEngineOptions } from '../../src/risk/engine.ts';
import { staticGeolocator, type IpLocation } from '../../src/risk/geo.ts';
import { testDatabaseUri } from '../support/database.ts';

export async function connect(label: string): Promise<void> {
  await mongoose.connect(testDatabaseUri(label), { autoIndex: false });
}

export async function disconnect(): Promise<void> {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
}

const LONDON: IpLocation = { country: 'GB', city: 'London', latitude: 51.51, longitude: -0.13, asn: 64500, asOrg: 'London ISP' };
const NEW_YORK: IpLocation = { country: 'US', city: 'New York', latitude: 40.71, longitude: -74.01, asn: 64501, asOrg: 'NY ISP' };
const SYDNEY: IpLocation = { country: 'AU', city: 'Sydney', latitude: -33.87, longitude: 151.21, asn: 64502, asOrg: 'Sydney ISP' };
const FRANKFURT_DC: IpLocation = { country: 'DE', city: 'Frankfurt', latitude: 50.11, longitude: 8.68, asn: 64503, asOrg: 'Hosting' };

/** Documentation ranges as places: 203.0.113.0/24 London, 198.51.100.0/25 New York, 192.0.2.0/24 Sydney, 2001:db8::/32 Frankfurt. */
export const geolocator = staticGeolocator([
  ['203.0.113.0/24', LONDON],
  ['198.51.100.0/25', NEW_YORK],
  ['192.0.2.0/24', SYDNEY],
  ['2001:db8::/32', FRANKFURT_DC],
]);

export const TOR_EXIT = '192.0.2.66';
export const anonymousIps = staticAnonymousIpList([TOR_EXIT], 'tor-exits.txt');

export const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

export const BREACHED = { isBreached: (password: string) => password === 'Password1!' };

export function engineWith(clock: ManualClock, options: Partial<RiskEngineOptions> = {}): RiskEngine {
  return createRiskEngine({ clock, geolocator, anonymousIps, breachedPasswords: BREACHED, ...options });
}

export interface SignInArgs {
  userId?: string;
  username?: string;
  ip?: string;
  deviceId?: string;
  userAgent?: string;
  passwordOk?: boolean;
  password?: string;
}

/** One attempt, assessed and recorded as the server would (success unless the risk asks for MFA). */
export async function signIn(engine: RiskEngine, args: SignInArgs = {}) {
  const passwordOk = args.passwordOk ?? true;
  const assessment = await engine.assess({
    username: args.username ?? args.userId ?? 'alice',
    userId: args.userId,
    ip: args.ip ?? '203.0.113.10',
    deviceId: args.deviceId,
    userAgent: args.userAgent ?? FIREFOX,
    passwordOk,
    password: args.password,
  });
  const risky = assessment.signInRisk === 'medium' || assessment.signInRisk === 'high';
  const outcome = !passwordOk ? 'failedPassword' as const : risky ? 'mfaRequired' as const : 'success' as const;
  const recorded = await engine.record(assessment, { outcome, decisions: [{ policy: 'signInRisk', decision: risky ? 'enforce' : 'none' }] });
  return { assessment, recorded, types: assessment.detections.map((finding) => finding.type) };
}
