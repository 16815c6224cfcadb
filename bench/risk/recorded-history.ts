/**
 * Step one of the risk-cost scenario: weeks of sign-ins through the real engine — the
 * long-standing user's and a crowd of ordinary users' — ending with two sign-ins of the
 * long-standing user from their current usual address and device (the "known place" measured
 * later), which must then be in their profile.
 */
import { DAY, MINUTE, type ManualClock } from '../../src/clock.ts';
import type { RiskEngine } from '../../src/risk/index.ts';
import { attemptFrom, signInAsServerDoes, type Place } from './login-attempt.ts';
import { longStandingUser, ordinaryUser, type Persona } from './personas.ts';
import { driveHistory, USUAL_SHAPE } from './real-history.ts';
import { collection } from './scratch-database.ts';
import type { Random } from './seeded-random.ts';
import type { RiskCostSizes } from './sizes.ts';

export interface RecordedHistory {
  user: Persona;
  ordinary: Persona[];
  /** Where the long-standing user signs in from now: learned, familiar. */
  known: Place;
  signIns: number;
  seconds: number;
  outcomes: Record<string, number>;
}

/** The newest of the user's usual places (the end of the window placeAt slides). */
function currentPlace(persona: Persona): Place {
  const index = persona.homes.length - 1;
  const ip = persona.homes[index];
  const device = persona.devices[index % persona.devices.length];
  if (ip === undefined || device === undefined) throw new Error(`${persona.username} has no usual place`);
  return { ip, device };
}

export async function recordHistory(engine: RiskEngine, clock: ManualClock, options: {
  from: Date;
  sizes: RiskCostSizes;
  random: Random;
  progress: (message: string) => void;
}): Promise<RecordedHistory> {
  const { sizes, random } = options;
  const user = longStandingUser(random);
  const ordinary = Array.from({ length: sizes.ordinaryUsers }, (_, index) => ordinaryUser(random, index));
  const plans = [{ persona: user, signIns: sizes.historySignIns }, ...ordinary.map((persona) => ({ persona, signIns: sizes.ordinarySignInsEach }))];
  const started = performance.now();
  const outcomes = await driveHistory(engine, clock, plans, {
    from: options.from,
    spanMs: sizes.historyDays * DAY,
    shape: USUAL_SHAPE,
    random,
    onProgress: (done, total) => options.progress(`risk cost: ${done} of ${total} sign-ins through the engine`),
  });
  const known = currentPlace(user);
  for (let i = 0; i < 2; i += 1) {
    clock.advance(30 * MINUTE);
    const outcome = await signInAsServerDoes(engine, attemptFrom(user, known, true), true);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  const profile = await collection('risk_profiles').findOne({ _id: user.userId as never });
  const ips: unknown = profile?.ips;
  const devices: unknown = profile?.devices;
  if (!Array.isArray(ips) || !ips.includes(known.ip) || !Array.isArray(devices) || !devices.includes(known.device.id)) {
    throw new Error(`the long-standing user's current place (${known.ip}) was not learned: the history did not go as planned`);
  }
  const signIns = plans.reduce((sum, plan) => sum + plan.signIns, 0) + 2;
  return { user, ordinary, known, signIns, seconds: (performance.now() - started) / 1000, outcomes };
}
