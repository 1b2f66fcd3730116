import type { Schedule } from '../../../shared/schemas/schedule';
import type { PlannedRun } from '../monitor/forecast';
import { occurrencesBetween } from '../schedule/occurrences';

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
  others: readonly PlannedRun[];
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
  others: readonly PlannedRun[],
  start: bigint,
): ScheduleOutlook['exhaustion'] {
  let balance = start;
  let other = 0;
  for (const [index, at] of own.entries()) {
    while (other < others.length && (others[other]?.at ?? '') <= at) {
      balance -= others[other]?.units ?? 0n;
      other += 1;
    }
    balance -= units;
    if (balance < 0n) return { at, run: index + 1, balanceAfter: balance };
  }
  return null;
}

function busiest(
  own: readonly string[],
  units: bigint,
  input: {
    now: Date;
    timezone: string;
    others: readonly PlannedRun[];
    spentToday: bigint;
    spentThisMonth: bigint;
  },
): Pick<ScheduleOutlook, 'busiestDay' | 'busiestMonth'> {
  if (own.length === 0) return { busiestDay: null, busiestMonth: null };
  const dayOf = localDay(input.timezone);
  const today = dayOf(input.now.toISOString());
  const days = new Map<string, bigint>([[today, input.spentToday]]);
  const months = new Map<string, bigint>([[today.slice(0, 7), input.spentThisMonth]]);
  const add = (at: string, amount: bigint) => {
    const day = dayOf(at);
    days.set(day, (days.get(day) ?? 0n) + amount);
    const month = day.slice(0, 7);
    months.set(month, (months.get(month) ?? 0n) + amount);
  };
  for (const run of input.others) add(run.at, run.units);
  for (const at of own) add(at, units);
  // Only the days and months this schedule pays in: another schedule's busy day is not its doing.
  const ownDays = [...new Set(own.map(dayOf))];
  const ownMonths = [...new Set(ownDays.map((day) => day.slice(0, 7)))];
  const most = (keys: string[], totals: Map<string, bigint>) =>
    keys.reduce<{ key: string; total: bigint } | null>((best, key) => {
      const total = totals.get(key) ?? 0n;
      return best === null || total > best.total ? { key, total } : best;
    }, null);
  const day = most(ownDays, days);
  const month = most(ownMonths, months);
  return {
    busiestDay: day && { day: day.key, total: day.total },
    busiestMonth: month && { month: month.key, total: month.total },
  };
}

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
