import type { Schedule } from '../../../shared/schemas/schedule';
import { fromWallClock, toWallClock } from '../intent/schedule/calendar';
import { anchoredRule } from '../intent/schedule/occurrences';

/**
 * Where a stored schedule's occurrences fall. RRULEs are interpreted in the schedule's own
 * IANA zone by the parser's RFC 5545 engine (rrule, with luxon for the zone), so "every
 * Friday at 9:00" stays at 9:00 local across daylight-saving changes. The first run is
 * always `firstRun`; a one-off schedule has exactly one occurrence, fixed at approval.
 */

/** The first occurrence of a payment approved at `approvedAt`. */
export function firstOccurrence(schedule: Schedule, approvedAt: string): string {
  if (schedule.kind === 'recurring') return schedule.firstRun;
  return schedule.runAt ?? approvedAt;
}

/** The occurrence strictly after `after`, or null when the schedule has no more. */
export function nextOccurrence(schedule: Schedule, after: string): string | null {
  return occurrencesBetween(schedule, after, undefined, 1)[0] ?? null;
}

/**
 * Occurrences strictly after `after` and not later than `until` (when given), at most
 * `limit`, in order, found in one pass over the rule (rrule's `after` restarts from the
 * first run on every call, which a 5-second schedule can't afford).
 */
export function occurrencesBetween(
  schedule: Schedule,
  after: string,
  until: string | undefined,
  limit: number,
): string[] {
  if (schedule.kind === 'once' || limit <= 0) return [];
  const { timezone } = schedule;
  const rule = anchoredRule(schedule.rrule, timezone, new Date(schedule.firstRun));
  const afterWall = toWallClock(new Date(after), timezone);
  const untilWall = until === undefined ? undefined : toWallClock(new Date(until), timezone);
  const found: string[] = [];
  const firstRun = new Date(schedule.firstRun);
  if (new Date(after) < firstRun && (until === undefined || firstRun <= new Date(until))) {
    found.push(firstRun.toISOString());
  }
  const firstWall = toWallClock(firstRun, timezone);
  rule.all((wall) => {
    if (found.length >= limit) return false;
    if (untilWall && wall > untilWall) return false;
    if (wall > afterWall && wall > firstWall) {
      found.push(fromWallClock(wall, timezone).toISOString());
    }
    return found.length < limit;
  });
  return found;
}

/**
 * Where a payment approved at `now` starts. A one-off runs at its time, or now if that
 * is past (the user approved it knowing the time). A schedule starts at its first
 * occurrence not older than `graceMs`: what the read-back showed still runs, but runs
 * that passed long before the approval are not replayed.
 */
export function startingRun(schedule: Schedule, now: string, graceMs = 0): string | null {
  if (schedule.kind === 'once') {
    return schedule.runAt === null || schedule.runAt < now ? now : schedule.runAt;
  }
  const earliest = new Date(Date.parse(now) - graceMs).toISOString();
  if (schedule.firstRun >= earliest) return schedule.firstRun;
  return nextOccurrence(schedule, new Date(Date.parse(earliest) - 1).toISOString());
}
