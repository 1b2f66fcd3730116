import { fromWallClock, toWallClock } from './calendar';
import { RRule, type RruleOptions } from './rruleLibrary';

export type Frequency =
  'YEARLY' | 'MONTHLY' | 'WEEKLY' | 'DAILY' | 'HOURLY' | 'MINUTELY' | 'SECONDLY';

/** The parts of an RFC 5545 RRULE the parser produces. */
export interface RecurrenceRule {
  readonly frequency: Frequency;
  readonly interval: number;
  /** "FR", "1MO" (first Monday), "-1FR" (last Friday). */
  readonly byDay: readonly string[];
  /** 1..31, or -1 for the last day of the month. */
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  /** Which of the days the rule gives each period: 1 the first, -1 the last. */
  readonly bySetPos?: readonly number[];
  readonly count?: number;
  /** The last instant an occurrence may fall on. */
  readonly until?: Date;
}

/**
 * The RRULE body in one canonical order, without DTSTART: a stored schedule is anchored
 * at its `firstRun`, which also carries the time of day, in the schedule's time zone.
 * UNTIL is written in UTC, as RFC 5545 requires when the start has a time zone.
 */
export function formatRecurrence(rule: RecurrenceRule): string {
  const parts = [`FREQ=${rule.frequency}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.join(',')}`);
  if (rule.bySetPos?.length) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${formatUtc(rule.until)}`);
  return parts.join(';');
}

export function isSubDaily(frequency: Frequency): boolean {
  return frequency === 'HOURLY' || frequency === 'MINUTELY' || frequency === 'SECONDLY';
}

export interface FirstOccurrenceOptions {
  timezone: string;
  /** Where the search starts: `now`, or the start of a "starting ..." day. */
  searchFrom: Date;
  /** Whether an occurrence exactly at `searchFrom` counts (true for a start bound). */
  inclusive: boolean;
  /** Local time of day for daily and longer rules. */
  timeOfDay: { hour: number; minute: number };
}

/**
 * The first occurrence of `rrule` after the search start, computed by the rrule library.
 * An interval ("every other Friday", "every 3 days") doesn't delay the first run: the
 * first matching day after now is the first run, and the interval counts from it. For
 * hourly and shorter rules the interval counts from the search start. COUNT counts from
 * the first run, so it doesn't limit the search; UNTIL does.
 */
export function firstOccurrence(rrule: string, options: FirstOccurrenceOptions): Date | undefined {
  const parsed = RRule.parseString(rrule);
  const subDaily = parsed.freq !== undefined && parsed.freq >= RRule.HOURLY;
  const start = toWallClock(truncateToSecond(options.searchFrom), options.timezone);
  const search: Partial<RruleOptions> = {
    ...parsed,
    count: null,
    until: null,
    dtstart: start,
    ...(subDaily
      ? {}
      : {
          interval: 1,
          byhour: [options.timeOfDay.hour],
          byminute: [options.timeOfDay.minute],
          bysecond: [0],
        }),
  };
  const found = new RRule(search).after(start, options.inclusive);
  if (!found) return undefined;
  if (parsed.until && found > toWallClock(parsed.until, options.timezone)) return undefined;
  return fromWallClock(found, options.timezone);
}

/**
 * Occurrences of a stored recurring schedule strictly after `after`, at most `limit`,
 * none later than `before` when given. The schedule is anchored at `firstRun`.
 */
export function occurrencesAfter(
  rrule: string,
  options: { timezone: string; firstRun: Date; after: Date; limit: number; before?: Date },
): Date[] {
  if (options.limit <= 0) return [];
  const rule = anchoredRule(rrule, options.timezone, options.firstRun);
  const after = toWallClock(options.after, options.timezone);
  const found: Date[] = [];
  // One pass over the rule: calling `after` in a loop would restart from the first run
  // each time, which a five-second schedule that has run for weeks can't afford. The
  // range is inclusive so `before` is; `after` stays exclusive by the check below.
  rule.between(
    after,
    options.before ? toWallClock(options.before, options.timezone) : FAR_FUTURE,
    true,
    (wall) => {
      if (wall > after) found.push(fromWallClock(wall, options.timezone));
      return found.length < options.limit;
    },
  );
  return found;
}

const FAR_FUTURE = new Date(Date.UTC(9999, 11, 31));

/** The rule as RFC 5545 reads it with DTSTART = firstRun in the schedule's zone. */
export function anchoredRule(rrule: string, timezone: string, firstRun: Date) {
  const parsed = RRule.parseString(rrule);
  return new RRule({
    ...parsed,
    dtstart: toWallClock(firstRun, timezone),
    until: parsed.until ? toWallClock(parsed.until, timezone) : null,
  });
}

function truncateToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function formatUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}
