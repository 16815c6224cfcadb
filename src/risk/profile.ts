/**
 * Learning a user's familiar sign-in properties into the bounded profile. Only trusted sign-ins
 * are learned — accepted without risk, or remediated by MFA, or confirmed safe by an admin — so
 * an attacker who knows the password but fails MFA never makes their device or network
 * familiar. Each list keeps the 20 most recently seen values (move-to-front), computed from the
 * profile as read and written back with `$set` in one single-document update (FerretDB ignores
 * `$push` `$slice`): two simultaneous sign-ins of one user may lose one of the two updates, which
 * only makes a property look new once more.
 */
import type { RiskProfileRecord, TrustedLocation } from './models/risk-profile.ts';

export const PROFILE_LIST_CAP = 20;

export interface LearnedProperties {
  deviceId?: string | undefined;
  ip: string;
  network: string;
  country?: string | undefined;
  city?: string | undefined;
  browser: string;
  latitude?: number | undefined;
  longitude?: number | undefined;
  /** Anonymizer exits are not a location: they never become the last trusted location. */
  anonymous: boolean;
  /** When the sign-in happened, if earlier than the learning (MFA or an admin confirmed it later). */
  seenAt?: Date | undefined;
}

export function remember(list: string[] | undefined, value: string | undefined): string[] {
  const current = list ?? [];
  if (!value) return current;
  return [value, ...current.filter((item) => item !== value)].slice(0, PROFILE_LIST_CAP);
}

export function knows(list: string[] | undefined, value: string | undefined): boolean {
  return value !== undefined && (list ?? []).includes(value);
}

/**
 * Whether the account trusts this device: its signed device id is among the devices the account
 * completed trusted sign-ins from (learned only from those, see above).
 */
export function trustsDevice(profile: Pick<RiskProfileRecord, 'devices'> | null | undefined, deviceId: string | undefined): boolean {
  return knows(profile?.devices, deviceId);
}

/** The `$set`/`$inc` that learns these properties, given the profile as read. */
export function learnUpdate(profile: RiskProfileRecord | null, props: LearnedProperties, at: Date): { $set: Record<string, unknown>; $inc: Record<string, number> } {
  const set: Record<string, unknown> = {
    devices: remember(profile?.devices, props.deviceId),
    ips: remember(profile?.ips, props.ip),
    networks: remember(profile?.networks, props.network),
    countries: remember(profile?.countries, props.country),
    browsers: remember(profile?.browsers, props.browser),
  };
  if (!profile?.firstLearnedAt) set.firstLearnedAt = at;
  const locationAt = props.seenAt ?? at;
  const newer = profile?.lastLocation && profile.lastLocation.at.getTime() > locationAt.getTime();
  if (!props.anonymous && !newer && props.latitude !== undefined && props.longitude !== undefined) {
    const location: TrustedLocation = { latitude: props.latitude, longitude: props.longitude, network: props.network, at: locationAt };
    if (props.country) location.country = props.country;
    if (props.city) location.city = props.city;
    set.lastLocation = location;
  }
  return { $set: set, $inc: { learnedSignIns: 1 } };
}
