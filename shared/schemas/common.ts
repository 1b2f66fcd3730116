import { z } from 'zod';

/** Identifiers are short, URL-safe and never contain path separators. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"');

/**
 * Instants are ISO 8601 UTC with a trailing Z, normalised to millisecond precision
 * (2026-11-27T09:00:00.000Z) so that comparing two of them as text orders them in time.
 */
export const instantSchema = z.iso
  .datetime({ offset: false, message: 'must be an ISO 8601 UTC time such as 2026-11-27T09:00:00Z' })
  .transform((instant) => new Date(instant).toISOString());

/** An IANA time zone that this runtime's Intl knows, e.g. America/New_York. */
export const timezoneSchema = z.string().refine(isKnownTimeZone, {
  message: 'must be an IANA time zone such as America/New_York',
  params: { code: 'invalid_format' },
});

/** "HH:MM" on a 24-hour clock, e.g. the scheduler's default run time "09:00". */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time such as "09:00"');

// Building an Intl.DateTimeFormat costs tens of microseconds; a 100k-row ledger repeats the
// same few zones, so remember the answers.
const knownTimeZones = new Map<string, boolean>();

function isKnownTimeZone(zone: string): boolean {
  const known = knownTimeZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = zone.length > 0;
  } catch {
    valid = false;
  }
  // Only valid names are kept, so hostile input can't grow the cache without bound.
  if (valid) knownTimeZones.set(zone, true);
  return valid;
}
