/**
 * Shows a stored UTC instant in the user's time zone, e.g. "Fri, Nov 27, 2026, 9:00 AM EST".
 * Formatting lives here so the CLI and the renderer say the same thing.
 */
export function formatInstant(instant: string, timezone: string, locale = 'en-US'): string {
  const key = `${locale}|${timezone}`;
  let format = instantFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: timezone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    // Set only once built: a zone Intl rejects throws above and is never kept.
    instantFormats.set(key, format);
  }
  return format.format(new Date(instant));
}

// Building a DateTimeFormat costs far more than using one, and a ledger repeats the same
// few zones: a 100k-row history or notice list would spend seconds building them.
const instantFormats = new Map<string, Intl.DateTimeFormat>();

/** Short date for tables: "2026-11-27 09:00" in the given zone. */
export function formatInstantShort(instant: string, timezone: string): string {
  let format = shortFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    shortFormats.set(timezone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

// The same for the tables' short form: a page of rows formats each row's times.
const shortFormats = new Map<string, Intl.DateTimeFormat>();
