/**
 * The OIDC standard claims Vigil stores for a user (OIDC Core 5.1) beyond the username, display
 * name and e-mail: the rest of `profile`, `phone` and `address`. Validated as the spec describes
 * each value; an admin sets them with `user set-profile` (README "Admin CLI").
 */
export interface AddressClaim {
  formatted?: string;
  street_address?: string;
  locality?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}

export interface ProfileClaims {
  given_name?: string;
  family_name?: string;
  middle_name?: string;
  nickname?: string;
  profile?: string;
  picture?: string;
  website?: string;
  gender?: string;
  birthdate?: string;
  zoneinfo?: string;
  locale?: string;
  phone_number?: string;
  phone_number_verified?: boolean;
  address?: AddressClaim;
}

type Check = (value: string) => string | undefined;

const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const text: Check = (value) => (value.trim() && value.length <= 128 && !CONTROL.test(value) ? undefined : 'must be 1-128 characters of text, without control characters');

const httpUrl: Check = (value) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && value.length <= 2048 ? undefined : 'must be an absolute http(s) URL';
};

const birthdate: Check = (value) => {
  if (/^\d{4}$/.test(value)) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : undefined;
  return date && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? undefined : 'must be YYYY-MM-DD or YYYY';
};

const zoneinfo: Check = (value) => {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return 'must be an IANA time zone such as Europe/Paris';
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return undefined;
  } catch {
    return 'must be an IANA time zone such as Europe/Paris';
  }
};

const locale: Check = (value) => {
  try {
    return Intl.getCanonicalLocales(value).length === 1 ? undefined : 'must be one BCP 47 language tag such as en-US';
  } catch {
    return 'must be a BCP 47 language tag such as en-US';
  }
};

const phone: Check = (value) => (/^\+[1-9]\d{1,14}(;ext=\d{1,10})?$/.test(value) ? undefined : 'must be in E.164 form, e.g. +14155550100 (optionally ;ext=123)');

const addressLine: Check = (value) => (value.trim() && value.length <= 256 && !CONTROL.test(value) ? undefined : 'must be 1-256 characters of text, without control characters');
const formattedAddress: Check = (value) => (value.trim() && value.length <= 512 && !CONTROL.test(value.replace(/\n/g, ' ')) ? undefined : 'must be 1-512 characters of text (lines separated by \\n)');

/** Each settable claim: its CLI flag, where it is stored under `profile`, and its check. */
export const PROFILE_FIELDS: ReadonlyArray<{ flag: string; path: string; check: Check }> = [
  { flag: 'given-name', path: 'given_name', check: text },
  { flag: 'family-name', path: 'family_name', check: text },
  { flag: 'middle-name', path: 'middle_name', check: text },
  { flag: 'nickname', path: 'nickname', check: text },
  { flag: 'profile', path: 'profile', check: httpUrl },
  { flag: 'picture', path: 'picture', check: httpUrl },
  { flag: 'website', path: 'website', check: httpUrl },
  { flag: 'gender', path: 'gender', check: text },
  { flag: 'birthdate', path: 'birthdate', check: birthdate },
  { flag: 'zoneinfo', path: 'zoneinfo', check: zoneinfo },
  { flag: 'locale', path: 'locale', check: locale },
  { flag: 'phone-number', path: 'phone_number', check: phone },
  { flag: 'street-address', path: 'address.street_address', check: addressLine },
  { flag: 'locality', path: 'address.locality', check: addressLine },
  { flag: 'region', path: 'address.region', check: addressLine },
  { flag: 'postal-code', path: 'address.postal_code', check: addressLine },
  { flag: 'country', path: 'address.country', check: addressLine },
  { flag: 'address-formatted', path: 'address.formatted', check: formattedAddress },
];

export const PHONE_VERIFIED_FLAG = 'phone-number-verified';

export type ProfileUpdate = { ok: true; set: Record<string, string | boolean>; unset: string[] } | { ok: false; message: string };

/**
 * The update for the given flag values (an empty value removes that claim). Paths are relative
 * to the user's `profile`.
 */
export function profileUpdate(values: ReadonlyMap<string, string>): ProfileUpdate {
  const set: Record<string, string | boolean> = {};
  const unset: string[] = [];
  for (const field of PROFILE_FIELDS) {
    const raw = values.get(field.flag);
    if (raw === undefined) continue;
    const value = field.flag === 'address-formatted' ? raw.replace(/\\n/g, '\n') : raw;
    if (value === '') {
      unset.push(field.path);
      continue;
    }
    const problem = field.check(value);
    if (problem) return { ok: false, message: `--${field.flag} ${problem}` };
    set[field.path] = value;
  }
  const verified = values.get(PHONE_VERIFIED_FLAG);
  if (verified !== undefined) {
    if (!['yes', 'no', 'true', 'false'].includes(verified)) return { ok: false, message: `--${PHONE_VERIFIED_FLAG} must be yes or no` };
    set.phone_number_verified = verified === 'yes' || verified === 'true';
  }
  if (Object.keys(set).length === 0 && unset.length === 0) return { ok: false, message: 'name at least one claim to set, e.g. --given-name Ada' };
  return { ok: true, set, unset };
}

/** The stored claims as released: empty address parts dropped, phone_number_verified only with a number. */
export function releasedProfileClaims(profile: ProfileClaims | undefined): ProfileClaims {
  if (!profile) return {};
  const { address, phone_number_verified: phoneVerified, ...rest } = profile;
  const claims: ProfileClaims = { ...rest };
  if (profile.phone_number) claims.phone_number_verified = phoneVerified ?? false;
  if (address && Object.values(address).some((part) => typeof part === 'string' && part !== '')) claims.address = address;
  return claims;
}
