/**
 * The synthetic people whose sign-ins build the history: one long-standing user with many
 * addresses and devices in their home country plus trips abroad (more of each than the profile
 * keeps, so its lists end up full and rotated), and ordinary users with a home and a work address
 * and two devices, whose profiles and counters are the templates for the seeded system.
 */
import { addressIn, COUNTRIES, newDevice, type Device } from './places.ts';
import { pick, randomInt, type Random } from './seeded-random.ts';

export interface Persona {
  userId: string;
  username: string;
  /** Usual addresses, in the order they come into use over the history. */
  homes: string[];
  /** Devices, in the order they come into use over the history. */
  devices: Device[];
  /** Countries visited now and then (empty: never travels). */
  travelCountries: string[];
}

/** 24 hex digits, like the ObjectId of a Vigil user (profiles are keyed by it). */
export function userIdFrom(random: Random): string {
  return Array.from({ length: 24 }, () => randomInt(random, 16).toString(16)).join('');
}

export function longStandingUser(random: Random): Persona {
  return {
    userId: userIdFrom(random),
    username: 'history.user@risk-cost.test',
    homes: Array.from({ length: 32 }, () => addressIn(random, 'FR')),
    devices: Array.from({ length: 30 }, () => newDevice(random)),
    travelCountries: ['GB', 'DE', 'IT', 'US'],
  };
}

export function ordinaryUser(random: Random, index: number): Persona {
  const country = pick(random, COUNTRIES);
  return {
    userId: userIdFrom(random),
    username: `user${index}@risk-cost.test`,
    homes: [addressIn(random, country), addressIn(random, country)],
    devices: [newDevice(random), newDevice(random)],
    travelCountries: [],
  };
}
