import type { Clock } from '../../electron/core/clock';

/**
 * Test double for the core's Clock: time stands still until the test moves it, so
 * anything stamped with the time (quarantine copies, lock records) is predictable.
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2026-11-01T09:30:00.000Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(milliseconds: number): void {
    this.#now += milliseconds;
  }
}
