import { DateTime } from 'luxon';
import { instantAt } from '../../schedule/wallClock';
import { zoneNamed } from './zones';

/**
 * Calendar helpers for the parser. Wall-clock arithmetic (a local time to an instant and
 * back) lives in electron/core/schedule/wallClock.ts, with the schedule's occurrences.
 */

/**
 * `now` seen from the user's zone. One parse asks for it many times with the same clock
 * reading, and each answer costs luxon an Intl lookup: the last one is kept (a DateTime
 * is immutable, so sharing it is safe).
 */
export function zonedNow(now: Date, timezone: string): DateTime {
  const time = now.getTime();
  if (lastZonedNow?.time !== time || lastZonedNow.timezone !== timezone) {
    lastZonedNow = {
      time,
      timezone,
      value: DateTime.fromJSDate(now, { zone: zoneNamed(timezone) }),
    };
  }
  return lastZonedNow.value;
}

let lastZonedNow: { time: number; timezone: string; value: DateTime } | undefined;

export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

export function localDateTime(fields: LocalFields, timezone: string): DateTime {
  // Only the calendar fields: callers spread readings that carry more (a time's "text"),
  // and luxon throws on any unit it doesn't know.
  const { year, month, day, hour = 0, minute = 0, second = 0 } = fields;
  // Not luxon's fromObject: it resolves a local time shown twice (the hour repeated when
  // clocks go back) with a guess taken from the real clock. instantAt always takes the
  // first instance, and moves a skipped time forward by the gap, as the schedule does.
  const wall = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const zone = zoneNamed(timezone);
  const exists =
    zone.isValid &&
    wall.getUTCFullYear() === year &&
    wall.getUTCMonth() === month - 1 &&
    wall.getUTCDate() === day &&
    wall.getUTCHours() === hour &&
    wall.getUTCMinutes() === minute &&
    wall.getUTCSeconds() === second;
  // A day that doesn't exist (February 30) stays an invalid DateTime, as luxon makes it.
  if (!exists) {
    return DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
  }
  return DateTime.fromMillis(instantAt(wall.getTime(), timezone), { zone });
}

/** "09:00" -> { hour: 9, minute: 0 }; the settings schema guarantees the shape. */
export function parseClockTime(clock: string): { hour: number; minute: number } {
  const [hour = 9, minute = 0] = clock.split(':').map(Number);
  return { hour, minute };
}

/** ISO UTC with milliseconds, the contract's instant format. */
export function toInstantText(date: Date | DateTime): string {
  return (date instanceof Date ? date : date.toJSDate()).toISOString();
}
