/**
 * Time source for every rule that depends on time (grace periods, lockouts, code expiry,
 * risk windows). Production uses the system clock; tests pass a ManualClock and move it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  #current: number;

  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.#current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#current);
  }

  advance(ms: number): void {
    this.#current += ms;
  }

  set(to: Date | string): void {
    this.#current = new Date(to).getTime();
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
