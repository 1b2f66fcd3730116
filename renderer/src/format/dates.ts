// Whole instants are shown with shared/format (formatInstant), as the CLI does; these are
// the smaller pieces a schedule description needs.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter per (locale, zone, style), since building one is slow and tables make many. */
export function dateTimeFormat(
  options: Intl.DateTimeFormatOptions & { locale?: string },
): Intl.DateTimeFormat {
  const { locale, ...formatOptions } = options;
  const key = JSON.stringify([locale ?? '', formatOptions]);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, formatOptions);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "Nov 27, 2026" in the given IANA zone. */
export function formatDate(instant: string, timeZone: string, locale?: string): string {
  return dateTimeFormat({ locale, timeZone, dateStyle: 'medium' }).format(new Date(instant));
}

/** "9:00 AM" in the given IANA zone. */
export function formatTime(instant: string, timeZone: string, locale?: string): string {
  return dateTimeFormat({ locale, timeZone, timeStyle: 'short' }).format(new Date(instant));
}
