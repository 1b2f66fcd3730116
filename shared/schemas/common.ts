import { z } from 'zod';

/** Identifiers are short, URL-safe and never contain path separators. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"');

/** Instants are stored in ISO 8601 UTC with a trailing Z. */
export const instantSchema = z.iso.datetime({
  offset: false,
  message: 'must be an ISO 8601 UTC time such as 2026-11-27T09:00:00Z',
});

/** An IANA time zone that this runtime's Intl knows, e.g. America/New_York. */
export const timezoneSchema = z.string().refine(isKnownTimeZone, {
  message: 'must be an IANA time zone such as America/New_York',
});

/** "HH:MM" on a 24-hour clock, e.g. the scheduler's default run time "09:00". */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "09:00"');

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}
