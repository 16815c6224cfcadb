/**
 * Weeks of sign-ins made the way Vigil makes them: each attempt goes through the real engine as
 * the login page puts it (login-attempt.ts), on a manual clock, from where its persona is at that
 * point of the history — a window sliding along their usual addresses and devices, trips abroad
 * now and then — with some wrong passwords and most MFA steps passed. What it leaves behind
 * (profiles with rotated, capped lists, hourly counters, open and remediated risky sign-ins) is
 * what the engine really produces, and is copied to seed the large system.
 */
import type { ManualClock } from '../../src/clock.ts';
import type { RiskEngine } from '../../src/risk/index.ts';
import { attemptFrom, signInAsServerDoes, type Place } from './login-attempt.ts';
import type { Persona } from './personas.ts';
import { addressIn } from './places.ts';
import { pick, randomInt, type Random } from './seeded-random.ts';

export interface HistoryShape {
  failureRate: number;
  travelRate: number;
  mfaPassRate: number;
}

export const USUAL_SHAPE: HistoryShape = { failureRate: 0.08, travelRate: 0.05, mfaPassRate: 0.9 };

export interface HistoryPlan {
  persona: Persona;
  signIns: number;
}

/** Where a persona signs in from at a point of its history (0 = start, 1 = end). */
export function placeAt(persona: Persona, progress: number, random: Random, travelRate: number): Place {
  const window = Math.min(12, persona.homes.length);
  const start = Math.floor(progress * (persona.homes.length - window));
  const index = start + randomInt(random, window);
  const device = persona.devices[index % persona.devices.length] ?? pick(random, persona.devices);
  if (persona.travelCountries.length > 0 && random() < travelRate) return { ip: addressIn(random, pick(random, persona.travelCountries)), device };
  return { ip: persona.homes[index] ?? pick(random, persona.homes), device };
}

/** Every plan's sign-ins at random times over [from, from + spanMs), run in time order; outcomes counted. */
export async function driveHistory(engine: RiskEngine, clock: ManualClock, plans: HistoryPlan[], options: {
  from: Date;
  spanMs: number;
  shape: HistoryShape;
  random: Random;
  onProgress?: (done: number, total: number) => void;
}): Promise<Record<string, number>> {
  const { random, shape } = options;
  const schedule = plans
    .flatMap((plan) => Array.from({ length: plan.signIns }, () => ({ persona: plan.persona, offset: random() * options.spanMs })))
    .sort((a, b) => a.offset - b.offset);
  const outcomes: Record<string, number> = {};
  for (const [done, { persona, offset }] of schedule.entries()) {
    clock.set(new Date(options.from.getTime() + offset));
    const place = placeAt(persona, offset / options.spanMs, random, shape.travelRate);
    const outcome = await signInAsServerDoes(engine, attemptFrom(persona, place, random() >= shape.failureRate), random() < shape.mfaPassRate);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (done % 500 === 499) options.onProgress?.(done + 1, schedule.length);
  }
  return outcomes;
}
