/** The core never reads the system clock directly, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO 8601 UTC with a Z, second precision kept as given. */
export function toInstant(date: Date): string {
  return date.toISOString();
}
