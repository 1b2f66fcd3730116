/** The core never reads the system clock directly, so tests can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO 8601 UTC with a Z, second precision kept as given. */
export function toInstant(date: Date): string {
  return date.toISOString();
}

/**
 * Milliseconds of a stored instant ("2026-11-27T09:00:00.000Z", the one form instantSchema
 * keeps), by arithmetic: Date.parse costs most of an index build at 1M rows.
 */
export function instantMs(instant: string): number {
  if (instant.length !== 24) return Date.parse(instant);
  const year = digits(instant, 0, 4);
  const month = digits(instant, 5, 2);
  const day = digits(instant, 8, 2);
  // Days from civil (H. Hinnant): exact for every Gregorian date.
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468;
  return (
    days * 86_400_000 +
    digits(instant, 11, 2) * 3_600_000 +
    digits(instant, 14, 2) * 60_000 +
    digits(instant, 17, 2) * 1000 +
    digits(instant, 20, 3)
  );
}

/** The number written by `length` decimal digits of `text` from `from`. */
function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let at = from; at < from + length; at += 1) value = value * 10 + text.charCodeAt(at) - 48;
  return value;
}
