import { DateTime } from 'luxon';
import type { Schedule } from '../../../shared/schemas/schedule';
import { zoneNamed } from '../intent/schedule/zones';
import { occurrencesBetween } from '../schedule/occurrences';
import type { SeededRandom } from './random';

export type Cadence = 'daily' | 'weekly' | 'monthly';

/** A repeating payment as a person says it: how often, which day, what time of day. */
export interface ScheduleShape {
  cadence: Cadence;
  hour: number;
  minute: number;
  /** ISO weekday, 1 = Monday, for weekly schedules. */
  weekday: number;
  /** Day of the month for monthly schedules; at most 28 so every month has it. */
  monthDay: number;
}

/** How many runs of one schedule the generator will put in its past, at most (4 to 10 years). */
export const HISTORY_CAPACITY: Readonly<Record<Cadence, number>> = {
  daily: 1_460,
  weekly: 520,
  monthly: 120,
};

// Times of day that exist on every date in every zone: never inside a daylight-saving gap
// or a repeated hour, so each run is the single instant a person would expect.
const TIMES_OF_DAY = [
  [9, 0],
  [9, 0],
  [8, 0],
  [12, 30],
  [17, 0],
] as const;

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKDAY_WORDS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export function randomShape(cadence: Cadence, random: SeededRandom): ScheduleShape {
  const [hour, minute] = random.pick(TIMES_OF_DAY);
  return { cadence, hour, minute, weekday: random.integer(1, 7), monthDay: random.integer(1, 28) };
}

/** The RFC 5545 rule the parser writes for the shape, with COUNT when the schedule ends. */
export function ruleOf(shape: ScheduleShape, count?: number): string {
  const base =
    shape.cadence === 'daily'
      ? 'FREQ=DAILY'
      : shape.cadence === 'weekly'
        ? `FREQ=WEEKLY;BYDAY=${WEEKDAYS[shape.weekday - 1]}`
        : `FREQ=MONTHLY;BYMONTHDAY=${shape.monthDay}`;
  return count === undefined ? base : `${base};COUNT=${count}`;
}

/** The words a user would type for the shape: "every Friday at 5:00 pm". */
export function shapeWords(shape: ScheduleShape, count?: number): string {
  const time =
    shape.hour === 9 && shape.minute === 0
      ? ''
      : ` at ${shape.hour % 12 || 12}:${String(shape.minute).padStart(2, '0')} ${shape.hour < 12 ? 'am' : 'pm'}`;
  const when =
    shape.cadence === 'daily'
      ? 'every day'
      : shape.cadence === 'weekly'
        ? `every ${WEEKDAY_WORDS[shape.weekday - 1]}`
        : `every month on the ${ordinal(shape.monthDay)}`;
  return `${when}${time}${count === undefined ? '' : ` ${count} times`}`;
}

/**
 * The run of the shape `back` periods before the latest one at or before `end`, in the
 * payer's zone: where a schedule with that many runs behind it started.
 */
export function runBefore(shape: ScheduleShape, end: Date, timezone: string, back: number): Date {
  const local = DateTime.fromJSDate(end, { zone: zoneNamed(timezone) });
  let run = local.set({ hour: shape.hour, minute: shape.minute, second: 0, millisecond: 0 });
  if (shape.cadence === 'weekly') run = run.minus({ days: (run.weekday - shape.weekday + 7) % 7 });
  if (shape.cadence === 'monthly') run = run.set({ day: shape.monthDay });
  if (run > local) run = run.minus(period(shape, 1));
  return run.minus(period(shape, back)).toJSDate();
}

/** The schedule a payment with this shape and first run stores. */
export function scheduleOf(
  shape: ScheduleShape,
  firstRun: Date,
  timezone: string,
  count?: number,
): Extract<Schedule, { kind: 'recurring' }> {
  return {
    kind: 'recurring',
    rrule: ruleOf(shape, count),
    firstRun: firstRun.toISOString(),
    timezone,
  };
}

/**
 * The schedule's first `count` runs (fewer when its COUNT ends it), from the core's own
 * occurrence enumerator in one pass, so the history agrees with what the scheduler would
 * have paid.
 */
export function firstRuns(schedule: Schedule, count: number): string[] {
  if (schedule.kind === 'once' || count <= 0) return [];
  return [
    schedule.firstRun,
    ...occurrencesBetween(schedule, schedule.firstRun, undefined, count - 1),
  ];
}

function period(shape: ScheduleShape, count: number) {
  if (shape.cadence === 'daily') return { days: count };
  if (shape.cadence === 'weekly') return { weeks: count };
  return { months: count };
}

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}
