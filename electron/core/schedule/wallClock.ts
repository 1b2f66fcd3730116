import { zoneNamed } from '../intent/schedule/zones';

/**
 * Time-zone arithmetic for schedules, in one place. RRULEs are expanded on "wall clock"
 * dates: a JS Date whose UTC fields hold the local time in the schedule's zone. These
 * helpers convert between that representation and real instants.
 *
 * Every answer comes from the zone's rules alone, never from the process's clock: luxon
 * resolves an ambiguous local time with a guess taken from the REAL clock (a process
 * running in winter read the repeated 01:30 as its second instance, one in summer as its
 * first), so a restart could pay the same occurrence twice. Here, as RFC 5545 and
 * python-dateutil do, a repeated local time is its first instance and a skipped one moves
 * forward by the length of the gap.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The zone's UTC offset at `instant` (ms since the epoch), in milliseconds. */
export function offsetAt(instant: number, timezone: string): number {
  return zoneNamed(timezone).offset(instant) * MINUTE;
}

/** The local time shown in `timezone` at `instant`, to the second, as a wall-clock Date. */
export function toWallClock(instant: Date, timezone: string): Date {
  const time = instant.getTime();
  return new Date(Math.floor((time + offsetAt(time, timezone)) / 1000) * 1000);
}

/** The instant at which the user's clock shows `wall` (see `instantAt`). */
export function fromWallClock(wall: Date, timezone: string): Date {
  return new Date(instantAt(wall.getTime(), timezone));
}

/**
 * The instant (ms) at which `timezone` shows the wall-clock time `wall` (ms, local fields
 * read as UTC). A time shown twice (the hour repeated when clocks go back) is its first
 * instance; a time never shown (clocks went forward over it) is read with the offset in
 * force before the change, which moves it forward by the gap: 02:30 in New York on the
 * spring-forward night is 03:30 EDT. No zone changes its offset twice within two days.
 */
export function instantAt(wall: number, timezone: string): number {
  const before = offsetAt(wall - DAY, timezone);
  const after = offsetAt(wall + DAY, timezone);
  const early = wall - before;
  if (before === after && offsetAt(early, timezone) === before) return early;
  const fitting = [wall - before, wall - after].filter(
    (instant) => offsetAt(instant, timezone) === wall - instant,
  );
  return fitting.length > 0 ? Math.min(...fitting) : early;
}

/**
 * How far wall-clock order and instant order can disagree around `instant`: the size of
 * an offset change within a day of it, else 0. Occurrences expanded in wall-clock order
 * come out in instant order except across such a change (a 30-minute rule inside a
 * spring-forward gap maps 02:30 to 03:30 and then 03:00 back to 03:00).
 */
export function disorderNear(instant: number, timezone: string): number {
  return Math.abs(offsetAt(instant - DAY, timezone) - offsetAt(instant + DAY, timezone));
}

/** "2027-03-14T02:30:00": a wall-clock Date as the schedule's local date and time. */
export function formatWallClock(wall: Date): string {
  return wall.toISOString().slice(0, 19);
}

/** The inverse of `formatWallClock`. */
export function parseWallClock(text: string): Date {
  return new Date(`${text}Z`);
}
