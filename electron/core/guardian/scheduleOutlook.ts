import type { Schedule } from '../../../shared/schemas/schedule';
import type { RunTotals } from '../monitor/runTotals';
import { occurrencesBetween } from '../schedule/occurrences';
import { instantAt } from '../schedule/wallClock';

/**
 * How many runs of a new schedule the Guardian follows through the horizon. An hourly
 * schedule (the fastest allowed by default) has 840 in five weeks; enumerating a run
 * costs tens of microseconds, so this bounds a command's cost at tens of milliseconds.
 */
export const SCHEDULE_RUNS_CHECKED = 1_000;

/** How many runs from the first one the shortest gap between runs is measured over. */
const INTERVAL_SAMPLE_RUNS = 50;

/** What a recurring schedule does over the horizon, next to the money already spoken for. */
export interface ScheduleOutlook {
  /** Its runs counted from now until the horizon. */
  runs: number;
  /** True when it has more runs before the horizon than SCHEDULE_RUNS_CHECKED. */
  cut: boolean;
  /** The shortest gap between two of its runs, in whole seconds; null with fewer than two. */
  shortestIntervalSeconds: number | null;
  /** Its first run after which the balance is below zero, other payments counted. */
  exhaustion: { at: string; run: number; balanceAfter: bigint } | null;
  /** Of the days it runs on (in the payer's zone), the one with the most going out. */
  busiestDay: { day: string; total: bigint } | null;
  /** Of the months it runs in, the one with the most going out. */
  busiestMonth: { month: string; total: bigint } | null;
}

export const NO_OUTLOOK: ScheduleOutlook = {
  runs: 0,
  cut: false,
  shortestIntervalSeconds: null,
  exhaustion: null,
  busiestDay: null,
  busiestMonth: null,
};

/**
 * Follows a recurring schedule of `units` a run from `now` to `until` among the payer's
 * other runs in the same currency (`others`, from the forecast). The balance is walked
 * run by run (this schedule's runs after others at the same instant, as in the
 * read-back); day and month totals are calendar days and months in `timezone`, starting
 * from what was already paid today and this month. Other currencies never come in: the
 * caller passes one currency's runs and spending.
 */
export function scheduleOutlook(input: {
  schedule: Schedule;
  units: bigint;
  now: Date;
  until: string;
  timezone: string;
  /** The payer's other runs in the currency (runs after `until` are not counted). */
  others: RunTotals;
  /** The balance in the currency now; null when the connector can't tell. */
  balance: bigint | null;
  spentToday: bigint;
  spentThisMonth: bigint;
}): ScheduleOutlook {
  const { schedule, units } = input;
  if (schedule.kind !== 'recurring') return NO_OUTLOOK;
  const after = new Date(input.now.getTime() - 1).toISOString();
  const found = occurrencesBetween(schedule, after, input.until, SCHEDULE_RUNS_CHECKED + 1);
  const own = found.slice(0, SCHEDULE_RUNS_CHECKED);
  return {
    runs: own.length,
    cut: found.length > own.length,
    shortestIntervalSeconds: shortestInterval(schedule),
    exhaustion: input.balance === null ? null : exhaustion(own, units, input.others, input.balance),
    ...busiest(own, units, input),
  };
}

/** The smallest gap between consecutive runs among the first INTERVAL_SAMPLE_RUNS. */
function shortestInterval(schedule: Schedule & { kind: 'recurring' }): number | null {
  const before = new Date(Date.parse(schedule.firstRun) - 1).toISOString();
  const runs = occurrencesBetween(schedule, before, undefined, INTERVAL_SAMPLE_RUNS);
  let shortest: number | null = null;
  for (let index = 1; index < runs.length; index += 1) {
    const gap = Date.parse(runs[index] ?? '') - Date.parse(runs[index - 1] ?? '');
    if (shortest === null || gap < shortest) shortest = gap;
  }
  return shortest === null ? null : Math.floor(shortest / 1000);
}

function exhaustion(
  own: readonly string[],
  units: bigint,
  others: RunTotals,
  start: bigint,
): ScheduleOutlook['exhaustion'] {
  // Others at the same instant as a run of this schedule go out first, as in the read-back.
  for (const [index, at] of own.entries()) {
    const balance = start - others.unitsUpTo(at) - units * BigInt(index + 1);
    if (balance < 0n) return { at, run: index + 1, balanceAfter: balance };
  }
  return null;
}

function busiest(
  own: readonly string[],
  units: bigint,
  input: {
    now: Date;
    until: string;
    timezone: string;
    others: RunTotals;
    spentToday: bigint;
    spentThisMonth: bigint;
  },
): Pick<ScheduleOutlook, 'busiestDay' | 'busiestMonth'> {
  if (own.length === 0) return { busiestDay: null, busiestMonth: null };
  const { timezone } = input;
  const dayOf = localDay(timezone);
  const today = dayOf(input.now.toISOString());
  // Only the days and months this schedule pays in, in the order it first pays in them:
  // another schedule's busy day is not its doing.
  const ownDays = new Map<string, bigint>();
  for (const at of own) {
    const day = dayOf(at);
    ownDays.set(day, (ownDays.get(day) ?? 0n) + units);
  }
  const ownMonths = new Map<string, bigint>();
  for (const [day, total] of ownDays) {
    const month = day.slice(0, 7);
    ownMonths.set(month, (ownMonths.get(month) ?? 0n) + total);
  }
  // The others' runs within a local period, up to the horizon.
  const othersBetween = (from: string, to: string) => {
    if (from > input.until) return 0n;
    const upper =
      to <= input.until ? input.others.unitsBefore(to) : input.others.unitsUpTo(input.until);
    return upper - input.others.unitsBefore(from);
  };
  const most = <Key extends string>(
    totals: Map<Key, bigint>,
    totalOf: (key: Key, own: bigint) => bigint,
  ) => {
    let best: { key: Key; total: bigint } | null = null;
    for (const [key, ownTotal] of totals) {
      const total = totalOf(key, ownTotal);
      if (best === null || total > best.total) best = { key, total };
    }
    return best;
  };
  const day = most(ownDays, (key, ownTotal) => {
    const { start, end } = dayBounds(key, timezone);
    return othersBetween(start, end) + ownTotal + (key === today ? input.spentToday : 0n);
  });
  const month = most(ownMonths, (key, ownTotal) => {
    const { start, end } = monthBounds(key, timezone);
    const spent = key === today.slice(0, 7) ? input.spentThisMonth : 0n;
    return othersBetween(start, end) + ownTotal + spent;
  });
  return {
    busiestDay: day && { day: day.key, total: day.total },
    busiestMonth: month && { month: month.key, total: month.total },
  };
}

/** The first instants of a local day ("2026-12-08") and of the day after, in `timezone`. */
function dayBounds(day: string, timezone: string): { start: string; end: string } {
  const wall = Date.parse(`${day}T00:00:00.000Z`);
  return { start: localStart(wall, timezone), end: localStart(wall + DAY_MS, timezone) };
}

/** The first instants of a local month ("2026-12") and of the month after, in `timezone`. */
function monthBounds(month: string, timezone: string): { start: string; end: string } {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return {
    start: localStart(Date.UTC(year, number - 1, 1), timezone),
    end: localStart(Date.UTC(year, number, 1), timezone),
  };
}

/** The instant a local midnight names; a midnight skipped by a clock change names the first instant after it. */
function localStart(wall: number, timezone: string): string {
  return new Date(instantAt(wall, timezone)).toISOString();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-12-08" for an instant, in `timezone`; the formatter is made once per call. */
function localDay(timezone: string): (at: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => format.format(new Date(at));
}
