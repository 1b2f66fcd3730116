import { DateTime } from 'luxon';
import { zoneNamed } from './zones';

/**
 * Time-zone arithmetic, in one place. rrule and chrono both compute on "wall clock"
 * dates: a JS Date whose UTC fields hold the local time in the user's zone. These
 * helpers convert between that representation and real instants, so an occurrence at
 * 09:00 stays at 09:00 local across daylight-saving changes.
 */
export function toWallClock(instant: Date, timezone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone: zoneNamed(timezone) });
  return new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );
}

/** The instant at which the user's clock shows `wall`; times skipped by DST move forward. */
export function fromWallClock(wall: Date, timezone: string): Date {
  return localDateTime(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    },
    timezone,
  ).toJSDate();
}

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
  return DateTime.fromObject(
    { year, month, day, hour, minute, second, millisecond: 0 },
    { zone: zoneNamed(timezone) },
  );
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
