import type { Schedule } from '../../../shared/schemas/schedule';
import { RRule, type RruleOptions } from '../intent/schedule/rruleLibrary';
import { disorderNear, formatWallClock, instantAt, parseWallClock, toWallClock } from './wallClock';

/**
 * Where a schedule's occurrences fall: the one place every occurrence comes from (the
 * parser's first run, the scheduler's ticks, the Guardian's outlook, the forecast, the
 * answers about upcoming payments).
 *
 * An RRULE is expanded by the rrule library on wall-clock dates in the schedule's zone,
 * anchored (DTSTART) at the first run's local time, never at a shifted instant, so "every
 * Friday at 9:00" stays at 9:00 local across daylight-saving changes. Each local time
 * becomes an instant as RFC 5545 and python-dateutil read it (see `instantAt`); the
 * first run is always an occurrence and nothing runs before it.
 *
 * A tick asks for the runs after the payment's persisted next run, not after its first
 * run: the expansion starts a whole number of periods after DTSTART, just before the
 * asked-for time (`fastForward`), so a five-second schedule that has run for a month
 * costs what one that has run for an hour costs.
 */

type Recurring = Extract<Schedule, { kind: 'recurring' }>;

/** The first run's local date and time, the rule's DTSTART. */
export function anchorOf(schedule: Recurring): Date {
  return schedule.localStart === undefined
    ? toWallClock(new Date(schedule.firstRun), schedule.timezone)
    : parseWallClock(schedule.localStart);
}

/** The occurrence strictly after `after`, or null when the schedule has no more. */
export function nextOccurrence(schedule: Schedule, after: string): string | null {
  return occurrencesBetween(schedule, after, undefined, 1)[0] ?? null;
}

/**
 * Occurrences strictly after `after` and not later than `until` (when given), at most
 * `limit`, in order. Each instant comes once, even where two local times map to it (a
 * sub-daily rule across a spring-forward gap).
 */
export function occurrencesBetween(
  schedule: Schedule,
  after: string,
  until: string | undefined,
  limit: number,
): string[] {
  if (schedule.kind === 'once' || limit <= 0) return [];
  const end = until === undefined ? Number.POSITIVE_INFINITY : Date.parse(until);
  return expand(schedule, Date.parse(after), end, limit).map((at) => new Date(at).toISOString());
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

export interface FirstRunSearch {
  timezone: string;
  /** Where the search starts: `now`, or the start of a "starting ..." day. */
  searchFrom: Date;
  /** Whether an occurrence exactly at `searchFrom` counts (true for a start bound). */
  inclusive: boolean;
  /** Local time of day for daily and longer rules. */
  timeOfDay: { hour: number; minute: number };
}

/**
 * The first run of a rule the parser wrote, searched from `searchFrom`: its instant and
 * its local time (which differ when that time falls in a spring-forward gap; the local
 * time is what later runs keep). An interval ("every other Friday", "every 3 days")
 * doesn't delay the first run: the first matching day after now is the first run, and
 * the interval counts from it. For hourly and shorter rules the interval counts from the
 * search start. COUNT counts from the first run, so it doesn't limit the search; UNTIL does.
 */
export function firstRunAfter(
  rrule: string,
  search: FirstRunSearch,
): { at: Date; localStart: string } | undefined {
  const parsed = RRule.parseString(rrule);
  const subDaily = parsed.freq !== undefined && parsed.freq >= RRule.HOURLY;
  const from = Math.floor(search.searchFrom.getTime() / 1000) * 1000;
  const start = toWallClock(new Date(from), search.timezone);
  const rule = new RRule({
    ...parsed,
    count: null,
    until: null,
    dtstart: start,
    ...(subDaily
      ? {}
      : {
          interval: 1,
          byhour: [search.timeOfDay.hour],
          byminute: [search.timeOfDay.minute],
          bysecond: [0],
        }),
  });
  let found: { at: number; wall: Date } | undefined;
  // A local time can lie before `from` as an instant though not on the clock (its first
  // instance, when `from` is in the repeated hour): the search goes on past it.
  rule.all((wall) => {
    const at = instantAt(wall.getTime(), search.timezone);
    if (search.inclusive ? at >= from : at > from) found = { at, wall };
    return found === undefined;
  });
  if (!found || (parsed.until && found.at > parsed.until.getTime())) return undefined;
  return { at: new Date(found.at), localStart: formatWallClock(found.wall) };
}

/** The rule as stored, read once per call: DTSTART, its defaults made explicit, the bounds. */
interface Plan {
  timezone: string;
  /** DTSTART, wall clock (ms). */
  anchor: number;
  /** The first run (instant, ms): always an occurrence, and nothing comes before it. */
  first: number;
  /** The rule's parts with what DTSTART implies written out, so any period can start it. */
  parts: Partial<RruleOptions>;
  frequency: number;
  interval: number;
  count: number | null;
  /** UNTIL as an instant (ms): RFC 5545 compares it with each occurrence's instant. */
  until: number;
  /** Whether every period of the rule holds the same number of occurrences. */
  uniform: boolean;
}

function planOf(schedule: Recurring): Plan {
  const parsed = RRule.parseString(schedule.rrule);
  const anchorWall = anchorOf(schedule);
  const frequency = parsed.freq ?? RRule.DAILY;
  const { count = null, until = null, ...rest } = parsed;
  return {
    timezone: schedule.timezone,
    anchor: anchorWall.getTime(),
    first: Date.parse(schedule.firstRun),
    parts: explicitParts(rest, anchorWall, frequency),
    frequency,
    interval: parsed.interval ?? 1,
    count,
    until: until ? until.getTime() : Number.POSITIVE_INFINITY,
    uniform: isUniform(parsed, frequency),
  };
}

/**
 * What RFC 5545 takes from DTSTART when the rule doesn't say (the weekday of a weekly
 * rule, the day of a monthly one, the time of day of a daily one), written into the rule,
 * so starting it at a later period gives the same occurrences from there on.
 */
function explicitParts(
  parsed: Partial<RruleOptions>,
  anchor: Date,
  frequency: number,
): Partial<RruleOptions> {
  const parts: Partial<RruleOptions> = { ...parsed, freq: frequency };
  const hasDays =
    given(parsed.byweekno) ||
    given(parsed.byyearday) ||
    given(parsed.bymonthday) ||
    given(parsed.byweekday) ||
    given(parsed.byeaster);
  if (!hasDays) {
    if (frequency === RRule.YEARLY) {
      parts.bymonth ??= anchor.getUTCMonth() + 1;
      parts.bymonthday = anchor.getUTCDate();
    } else if (frequency === RRule.MONTHLY) {
      parts.bymonthday = anchor.getUTCDate();
    } else if (frequency === RRule.WEEKLY) {
      parts.byweekday = (anchor.getUTCDay() + 6) % 7;
    }
  }
  if (frequency < RRule.HOURLY) parts.byhour ??= anchor.getUTCHours();
  if (frequency < RRule.MINUTELY) parts.byminute ??= anchor.getUTCMinutes();
  if (frequency < RRule.SECONDLY) parts.bysecond ??= anchor.getUTCSeconds();
  return parts;
}

/**
 * A rule whose periods all hold the same number of occurrences: nothing in it depends on
 * the month or year, and nothing filters on a unit as long as its period or longer (an
 * hourly rule BYHOUR, a daily one BYDAY). Its COUNT can be carried across skipped
 * periods by arithmetic.
 */
function isUniform(parsed: Partial<RruleOptions>, frequency: number): boolean {
  if (
    given(parsed.bymonth) ||
    given(parsed.bymonthday) ||
    given(parsed.byyearday) ||
    given(parsed.byweekno) ||
    given(parsed.bysetpos) ||
    given(parsed.byeaster)
  ) {
    return false;
  }
  const weekdays = [parsed.byweekday ?? []].flat();
  const plainWeekdays = weekdays.every(
    (day) => typeof day === 'number' || typeof day === 'string' || !given(day.n),
  );
  if (frequency === RRule.WEEKLY) return plainWeekdays;
  if (weekdays.length > 0) return false;
  if (frequency === RRule.DAILY) return true;
  if (frequency === RRule.HOURLY) return !given(parsed.byhour);
  if (frequency === RRule.MINUTELY) return !given(parsed.byhour) && !given(parsed.byminute);
  if (frequency === RRule.SECONDLY) {
    return !given(parsed.byhour) && !given(parsed.byminute) && !given(parsed.bysecond);
  }
  return false;
}

/** Whether a rule part is there: the rrule library writes an absent one as null or leaves it out. */
function given(value: unknown): boolean {
  return value !== null && value !== undefined;
}

const SECOND = 1000;
const FIXED_PERIODS: Record<number, number> = {
  [RRule.WEEKLY]: 7 * 86_400_000,
  [RRule.DAILY]: 86_400_000,
  [RRule.HOURLY]: 3_600_000,
  [RRule.MINUTELY]: 60_000,
  [RRule.SECONDLY]: SECOND,
};

/** The wall-clock start of the `k`th period after DTSTART (k = 0 is DTSTART itself). */
function periodStart(plan: Plan, k: number): number {
  if (k === 0) return plan.anchor;
  const fixed = FIXED_PERIODS[plan.frequency];
  if (fixed !== undefined) return plan.anchor + k * plan.interval * fixed;
  const anchor = new Date(plan.anchor);
  if (plan.frequency === RRule.MONTHLY) {
    return Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + k * plan.interval, 1);
  }
  return Date.UTC(anchor.getUTCFullYear() + k * plan.interval, 0, 1);
}

/** Whole periods from DTSTART to the wall-clock time `wall`. */
function periodsUntil(plan: Plan, wall: number): number {
  if (wall <= plan.anchor) return 0;
  const fixed = FIXED_PERIODS[plan.frequency];
  if (fixed !== undefined) return Math.floor((wall - plan.anchor) / (plan.interval * fixed));
  const anchor = new Date(plan.anchor);
  const to = new Date(wall);
  const years = to.getUTCFullYear() - anchor.getUTCFullYear();
  const units =
    plan.frequency === RRule.MONTHLY ? years * 12 + to.getUTCMonth() - anchor.getUTCMonth() : years;
  return Math.floor(units / plan.interval);
}

/**
 * Where to start expanding to find occurrences after the instant `after`: DTSTART moved
 * forward by whole periods, one period short of `after`'s local time less any nearby
 * offset change (an occurrence's local time can be that much earlier than `after`'s).
 * With COUNT, the runs in the skipped periods are counted off: by arithmetic when every
 * period holds the same number, else nothing is skipped (then COUNT itself bounds the walk).
 */
function fastForward(plan: Plan, after: number): { start: number; count: number | null } {
  const unchanged = { start: plan.anchor, count: plan.count };
  if (!Number.isFinite(after) || after <= plan.first) return unchanged;
  const target = toWallClock(new Date(after), plan.timezone).getTime();
  const periods = periodsUntil(plan, target - disorderNear(after, plan.timezone)) - 1;
  if (periods <= 0) return unchanged;
  if (plan.count === null) return { start: periodStart(plan, periods), count: null };
  if (!plan.uniform) return unchanged;
  const span = periodStart(plan, 1) - plan.anchor;
  const perPeriod = new RRule({ ...plan.parts, dtstart: new Date(plan.anchor) }).between(
    new Date(plan.anchor),
    new Date(plan.anchor + span - 1),
    true,
  ).length;
  return { start: periodStart(plan, periods), count: plan.count - periods * perPeriod };
}

/**
 * The occurrences (instants, ms) after `after` and not after `end`, at most `limit`, in
 * order and each once.
 */
function expand(schedule: Recurring, after: number, end: number, limit: number): number[] {
  const plan = planOf(schedule);
  const last = Math.min(end, plan.until);
  const found = new Set<number>();
  if (plan.first > after && plan.first <= end) found.add(plan.first);
  const { start, count } = fastForward(plan, after);
  if (count !== null && count <= 0) return [...found];
  // Local times come in wall-clock order, which is instant order except within an offset
  // change: past the last instant wanted, go on by that much before stopping.
  const stopAfter = (instant: number) => instant + disorderNear(instant, plan.timezone);
  const lastNeeded = Number.isFinite(last) ? stopAfter(last) : Number.POSITIVE_INFINITY;
  let enough = Number.POSITIVE_INFINITY;
  new RRule({ ...plan.parts, dtstart: new Date(start), count, until: null }).all((wall) => {
    const at = instantAt(wall.getTime(), plan.timezone);
    if (at > lastNeeded || at > enough) return false;
    if (at > after && at <= last && at >= plan.first) {
      found.add(at);
      if (found.size >= limit && enough === Number.POSITIVE_INFINITY) enough = stopAfter(at);
    }
    return true;
  });
  return [...found].sort((left, right) => left - right).slice(0, limit);
}
