import type { IntentProblem } from '../../../../shared/schemas/intent';
import type { Schedule } from '../../../../shared/schemas/schedule';
import type { TokenStream } from '../text';
import type { Bounds } from './bounds';
import { toInstantText, zonedNow } from './calendar';
import type { DateMention, DatePhrases, ScheduleContext, TimeOfDay } from './dates';
import { firstRunAfter } from '../../schedule/occurrences';
import { formatWallClock, toWallClock } from '../../schedule/wallClock';
import { formatRecurrence } from './rule';
import type { RecurrencePattern, RecurrenceReading } from './recurrence';
import { resolveOnce, resolveStart, resolveUntil } from './resolve';

export interface SchedulePhrases {
  recurrence: RecurrenceReading;
  bounds: Bounds;
  dates: DatePhrases;
}

/**
 * Consumes words that mean "as soon as approved" or "just this once". They change
 * nothing (a payment with no day runs once, when approved) but neither chrono nor the
 * amount reader may see them: "one time" is not an amount of 1.
 */
export function takeAsapWords(stream: TokenStream): void {
  for (const { first, last } of stream.matches(ASAP)) stream.consume(first, last);
}

/**
 * Turns the schedule phrases of one command into the contract's Schedule. Anything that
 * can't be scheduled exactly as said (two different days, a past date, a bound with no
 * repetition, a rule with no occurrence left) gives `invalid_schedule` and a schedule of
 * "once, as soon as approved" that the problem keeps from running.
 */
export function composeSchedule(
  phrases: SchedulePhrases,
  context: ScheduleContext,
): { schedule: Schedule; problems: IntentProblem[] } {
  const invalid = { schedule: ONCE_WHEN_APPROVED, problems: ['invalid_schedule' as const] };
  const { recurrence, bounds, dates } = phrases;
  if (recurrence.unclear || bounds.unclear || dates.times.length > 1 || dates.unsupported) {
    return invalid;
  }
  if (dates.dates.some((date) => date.past)) return invalid;
  if (!recurrence.pattern) {
    const hasLimit = bounds.until || bounds.duration || bounds.count !== undefined;
    const days = [
      ...dates.dates,
      ...(bounds.start && bounds.start !== 'now' ? [bounds.start] : []),
    ];
    if (hasLimit || days.length > 1) return invalid;
    const runAt = resolveOnce(days[0], dates.times[0], context);
    if (runAt === 'past') return invalid;
    return {
      schedule: { kind: 'once', runAt: runAt ? toInstantText(runAt) : null },
      problems: [],
    };
  }
  // An exact moment ("at 5pm PST", "in 2 hours") next to a repetition: which local time
  // each run keeps is not something to guess across time zones and DST.
  if (dates.dates.some((date) => date.kind === 'exact')) return invalid;
  const refined = refinePattern(recurrence.pattern, dates.dates);
  if (!refined) return invalid;
  const start = bounds.start ?? refined.start;
  const { from, time: startTime } = start
    ? resolveStart(start, context)
    : { from: zonedNow(context.now, context.timezone), time: undefined };
  const time: TimeOfDay =
    dates.times[0] ??
    refined.time ??
    startTime ??
    recurrence.pattern.time ??
    context.defaultRunTime;
  const until = resolveUntil(bounds, from, context);
  const rrule = formatRecurrence({
    ...refined.pattern,
    ...(bounds.count !== undefined ? { count: bounds.count } : {}),
    ...(until ? { until: until.toJSDate() } : {}),
  });
  const first = firstRunAfter(rrule, {
    timezone: context.timezone,
    searchFrom: from.toJSDate(),
    inclusive: from.toMillis() > context.now.getTime(),
    timeOfDay: time,
  });
  if (!first) return invalid;
  const firstRun = toInstantText(first.at);
  // The local time is written only when the instant can't tell it: a first run whose
  // time was skipped by a spring-forward change keeps that time for the runs after it.
  const shifted = first.localStart !== formatWallClock(toWallClock(first.at, context.timezone));
  return {
    schedule: {
      kind: 'recurring',
      rrule,
      firstRun,
      ...(shifted ? { localStart: first.localStart } : {}),
      timezone: context.timezone,
    },
    problems: [],
  };
}

const ONCE_WHEN_APPROVED: Schedule = { kind: 'once', runAt: null };

const ASAP =
  /\b(?:right now|now|immediately|asap|a\.s\.a\.p|right away|straight away|instantly|at once|as soon as possible|just once|once|one[- ]time|one[- ]off|single payment)\b/g;

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * A day said next to a repetition fills in what the repetition left open: "every week
 * on Friday" chrono reads as a weekday, "monthly ... on the 15th" as a day of the month,
 * "every year ... December 5" as a date. A day that fills nothing is the start; two
 * such days conflict.
 */
function refinePattern(pattern: RecurrencePattern, dates: readonly DateMention[]) {
  let refined = pattern;
  let start: DateMention | undefined;
  let time: TimeOfDay | undefined;
  for (const date of dates) {
    time ??= date.time;
    const open = refined.byDay.length === 0 && refined.byMonthDay.length === 0;
    if (date.kind === 'weekday' && refined.frequency === 'WEEKLY' && open) {
      refined = { ...refined, byDay: [WEEKDAY_CODES[date.weekday] ?? 'MO'] };
    } else if (date.kind === 'dayOfMonth' && refined.frequency === 'MONTHLY' && open) {
      refined = { ...refined, byMonthDay: [date.day] };
    } else if (
      date.kind === 'calendar' &&
      date.dayGiven &&
      refined.frequency === 'YEARLY' &&
      refined.byMonth.length === 0
    ) {
      refined = { ...refined, byMonth: [date.month], byMonthDay: [date.day] };
    } else if (!start) {
      start = date;
    } else {
      return undefined;
    }
  }
  return { pattern: refined, start, time };
}
